"""A ``Result`` as canonical JSON data and as a table for people.

Words:
- *canonical JSON*: plain dicts and lists, entrants in rank order, numbers as text with exactly
  2 decimals (``"84.50"``), so two computations of the same inputs give byte-identical JSON.
  ``detail=True`` adds the drill-down and the fields the app keeps in its snapshot.

Nothing here computes a score.
"""

from __future__ import annotations

from typing import Any

from scoring import rounding
from scoring.model import EntrantResult, Result, StageDetail


def _entrant(e: EntrantResult, detail: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "entrant": e.entrant,
        "rank": e.rank,
        "tied": e.tied,
        "needs_pleno": e.needs_pleno,
        "decided_by_pleno": e.decided_by_pleno,
        "pleno_reason": e.pleno_reason,
        "award": e.award,
        "total": rounding.text(e.total),
        "stages": {code: rounding.text(v) for code, v in e.stages.items()},
        "complete": e.complete,
        "missing": list(e.missing),
        "divergent": list(e.divergent),
    }
    if detail:
        out["award_pending"] = e.award_pending
        out["reached"] = list(e.reached)
        out["tie_break"] = e.tie_break
        out["detail"] = [_stage(s) for s in e.detail]
    return out


def _stage(s: StageDetail) -> dict[str, Any]:
    return {
        "stage": s.stage,
        "weight": str(s.weight),
        "value": rounding.text(s.value),
        "domains": [
            {
                "domain": d.domain,
                "weight": str(d.weight),
                "value": str(d.value),
                "contribution": str(d.contribution),
            }
            for d in s.domains
        ],
        "indicators": [
            {
                "indicator": i.indicator,
                "domain": i.domain,
                "weight": str(i.weight),
                "max": str(i.max),
                "scores": {judge: str(value) for judge, value in i.scores},
                "abstained": list(i.abstained),
                "combined": None if i.combined is None else str(i.combined),
                "value": str(i.value),
                "missing": i.missing,
                "divergent": i.divergent,
            }
            for i in s.indicators
        ],
    }


def result_to_json(result: Result, *, detail: bool = False) -> dict[str, Any]:
    """``{"entrants": [...]}`` in rank order; ``normalized`` beside it when computed."""
    out: dict[str, Any] = {"entrants": [_entrant(e, detail) for e in result.entrants]}
    if detail:
        out["provisional"] = result.provisional
        out["needs_pleno"] = result.needs_pleno
        out["unused_pleno"] = [{"order": list(d.order), "reason": d.reason} for d in result.unused_pleno]
    if result.normalized is not None:
        out["normalized"] = result_to_json(result.normalized, detail=detail)
    return out


def _notes(e: EntrantResult) -> str:
    notes = []
    if e.needs_pleno:
        notes.append("tied, needs pleno")
    if e.decided_by_pleno:
        notes.append(f"pleno: {e.pleno_reason}")
    if e.award_pending:
        notes.append("award pending")
    if e.tie_break:
        notes.append(f"tie settled by {e.tie_break}")
    if not e.complete:
        notes.append("missing " + ", ".join(e.missing))
    if e.divergent:
        notes.append("divergent " + ", ".join(e.divergent))
    return "; ".join(notes)


def render_table(result: Result, stages: tuple[str, ...], title: str = "") -> str:
    """The ranking as an aligned text table, one entrant a line, with a provisional warning."""
    header = ["Rank", "Entrant", *stages, "Total", "Award", "Notes"]
    rows = [
        [
            f"{e.rank}{'=' if e.tied else ''}",
            e.entrant,
            *(rounding.text(e.stages[s]) if s in e.stages else "-" for s in stages),
            rounding.text(e.total),
            e.award or ("(pending)" if e.award_pending else ""),
            _notes(e),
        ]
        for e in result.entrants
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    numeric = {0, *range(2, 3 + len(stages))}
    lines = [title] if title else []
    for row in [header, *rows]:
        cells = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    if result.provisional:
        lines.append("Provisional: some scores are missing (counted as 0 meanwhile).")
    if result.needs_pleno:
        lines.append("Ties remain: the pleno must decide them.")
    for decision in result.unused_pleno:
        lines.append(f"Unused pleno decision (matches no tied group): {', '.join(decision.order)}")
    if result.normalized is not None:
        lines.append("")
        lines.append(render_table(result.normalized, stages, "Z-score normalized (advisory):"))
    return "\n".join(lines)
