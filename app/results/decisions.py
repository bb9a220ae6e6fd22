"""The committee's decisions on a ranking: pleno orders for ties, and advancing the top N to a stage.

Words:
- *tied group*: entrants the scoring engine leaves tied after the whole tie-break chain
  (``needs_pleno``), grouped by the rank they share. Only the engine says who is tied.
- *pleno decision*: the committee's order for exactly one tied group with its reason (pertimbangan);
  stored as region codes. Withdrawing keeps the row (``withdrawn``) for the minutes and the audit.
  A decision whose group no longer exists (scores changed) is *stale*: the engine reports it in
  ``Result.unused_pleno`` and ignores it.
- *advancing*: for the first stage with a top-N (PAP), the entrants that reach it by the engine's
  result (``EntrantResult.reached``) get an assignment for every panel member of that stage.

While a competition is final nothing here changes anything (``Locked``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.audit.services import record
from app.auth.services import CurrentUser
from app.clock import now
from app.competitions.tables import Assignment, Competition, Conflict, PanelMember, Stage
from app.db import write_tx
from app.i18n import _
from app.results.repo import EntrantInfo
from app.results.services import Ranking, ranking
from app.results.tables import PlenoDecision
from scoring import EntrantResult


class Locked(Exception):
    """The competition is final: scores, pleno decisions and assignments are frozen."""


class Refused(Exception):
    """The committee asked for something the current result does not allow (message for people)."""


@dataclass(frozen=True)
class TiedGroup:
    rank: int
    on_award: bool
    members: tuple[tuple[EntrantInfo, EntrantResult], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(info.code for info, _result in self.members)


async def status(competition_id: int) -> str:
    row = await Competition.select(Competition.status).where(Competition.id == competition_id).first()
    if row is None:
        raise LookupError(competition_id)
    return str(row["status"])


async def ensure_open(competition_id: int) -> None:
    if await status(competition_id) == "final":
        raise Locked()


def tied_groups(current: Ranking) -> list[TiedGroup]:
    """The groups still waiting for the pleno, in rank order."""
    awards = len(current.inputs.ruleset.rules.awards)
    groups: dict[int, list[tuple[EntrantInfo, EntrantResult]]] = {}
    for result in current.result.entrants:
        if result.needs_pleno:
            groups.setdefault(result.rank, []).append((current.inputs.entrant(result.entrant), result))
    return [TiedGroup(rank, rank <= awards, tuple(members)) for rank, members in sorted(groups.items())]


async def decisions(competition_id: int, current: Ranking) -> list[dict[str, Any]]:
    """Every pleno decision of the competition (newest first), with names, and whether it is stale."""
    rows = await PlenoDecision.select(
        PlenoDecision.all_columns(), PlenoDecision.decided_by.full_name
    ).where(PlenoDecision.competition == competition_id).order_by(PlenoDecision.id, ascending=False)
    unused = {(tuple(d.order), d.reason) for d in current.result.unused_pleno}
    names = {e.code: e.name for e in current.inputs.entrants}
    out = []
    for row in rows:
        order = row["entrant_order"]
        order = json.loads(order) if isinstance(order, str) else order
        out.append({
            **row,
            "order": order,
            "names": [names.get(code, code) for code in order],
            "stale": not row["withdrawn"] and (tuple(order), row["reason"]) in unused,
        })
    return out


async def record_pleno(
    competition_id: int, actor: CurrentUser, order: list[str], reason: str, *, ip: str = ""
) -> list[str]:
    """Record the order of one tied group; returns the problems (empty when recorded)."""
    await ensure_open(competition_id)
    current = await ranking(competition_id, detail=False)
    reason = reason.strip()
    problems = []
    groups = {frozenset(g.codes) for g in tied_groups(current)}
    if len(set(order)) != len(order) or "" in order:
        problems.append(_("Choose each village exactly once."))
    elif frozenset(order) not in groups:
        problems.append(_("These villages are not a tied group of the current ranking."))
    if not reason:
        problems.append(_("Write the reason (pertimbangan) of the pleno."))
    if problems:
        return problems
    async with write_tx():
        rows = await PlenoDecision.insert(
            PlenoDecision(competition=competition_id, entrant_order=list(order), reason=reason,
                          decided_by=actor.id, decided_at=now(), withdrawn=False)
        ).returning(PlenoDecision.id)
        await record("pleno_decide", "pleno_decision", rows[0]["id"], user_id=actor.id,
                     competition_id=competition_id, after={"order": order, "reason": reason}, ip=ip)
    return []


async def withdraw_pleno(competition_id: int, decision_id: int, actor: CurrentUser, *, ip: str = "") -> bool:
    """Withdraw a decision; False when there is no such (active) decision in the competition."""
    await ensure_open(competition_id)
    async with write_tx():
        row = await PlenoDecision.select().where(
            (PlenoDecision.id == decision_id) & (PlenoDecision.competition == competition_id)
        ).first()
        if row is None or row["withdrawn"]:
            return False
        await PlenoDecision.update({PlenoDecision.withdrawn: True}).where(PlenoDecision.id == decision_id)
        await record("pleno_withdraw", "pleno_decision", decision_id, user_id=actor.id,
                     competition_id=competition_id, before={"order": row["entrant_order"], "reason": row["reason"]},
                     ip=ip)
    return True


@dataclass(frozen=True)
class Advance:
    stage_code: str
    stage_name: str
    top_n: int
    entrants: tuple[EntrantInfo, ...]
    created: int = 0


def top_n_stage(current: Ranking) -> tuple[int, Any] | None:
    """(position, stage) of the first stage with a top-N, or None."""
    for position, stage in enumerate(current.inputs.ruleset.stages):
        if stage.only_top_n is not None:
            return position, stage
    return None


def advance_plan(current: Ranking) -> Advance:
    """Who reaches the top-N stage by the engine's result; ``Refused`` while earlier stages are incomplete."""
    found = top_n_stage(current)
    if found is None:
        raise Refused(_("This competition has no stage for the top N."))
    position, stage = found
    ruleset = current.inputs.ruleset
    earlier = {s.code for s in ruleset.stages[:position]}
    incomplete = [
        current.inputs.entrant(e.entrant).name for e in current.result.entrants
        if any(ruleset.indicator(code).stage in earlier for code in e.missing)
    ]
    if incomplete:
        raise Refused(
            _("The earlier stages are not complete yet, so the ranking is still provisional. Villages with "
              "missing scores: %(names)s.") % {"names": ", ".join(sorted(incomplete))}
        )
    reached = tuple(current.inputs.entrant(e.entrant) for e in current.result.entrants if stage.code in e.reached)
    return Advance(stage.code, stage.name, stage.only_top_n, reached)


async def advance(competition_id: int, actor: CurrentUser, *, ip: str = "") -> Advance:
    """Create the assignments of the top-N stage (idempotent); returns the plan and how many were new."""
    await ensure_open(competition_id)
    plan = advance_plan(await ranking(competition_id, detail=False))
    stage = await Stage.select(Stage.id).where(
        (Stage.competition == competition_id) & (Stage.code == plan.stage_code)
    ).first()
    assert stage is not None
    entrant_ids = [e.id for e in plan.entrants]
    async with write_tx():
        judges = [p["judge"] for p in await PanelMember.select(PanelMember.judge).where(
            PanelMember.stage == stage["id"])]
        existing = {
            (a["entrant"], a["judge"]) for a in await Assignment.select(Assignment.entrant, Assignment.judge).where(
                Assignment.stage == stage["id"])
        }
        conflicts = {
            (c["entrant"], c["judge"]) for c in await Conflict.select(Conflict.entrant, Conflict.judge).where(
                Conflict.entrant.is_in(entrant_ids or [0]))
        }
        new = [
            Assignment(stage=stage["id"], entrant=entrant, judge=judge, created_at=now())
            for entrant in entrant_ids for judge in judges
            if (entrant, judge) not in existing and (entrant, judge) not in conflicts
        ]
        if new:
            await Assignment.insert(*new)
        await record("advance", "stage", stage["id"], user_id=actor.id, competition_id=competition_id,
                     after={"stage": plan.stage_code, "entrants": [e.code for e in plan.entrants],
                            "assignments_created": len(new)}, ip=ip)
    return Advance(plan.stage_code, plan.stage_name, plan.top_n, plan.entrants, len(new))


async def advanced(competition_id: int, stage_code: str) -> set[int]:
    """Entrant ids that already have an assignment in the stage."""
    rows = await Assignment.select(Assignment.entrant).where(
        (Assignment.stage.competition.id == competition_id) & (Assignment.stage.code == stage_code)
    )
    return {r["entrant"] for r in rows}
