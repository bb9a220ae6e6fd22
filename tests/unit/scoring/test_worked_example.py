"""The worked example of the ``scoring`` docstring is a golden test, through the API and the command."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import scoring
from scoring import PlenoDecision, compute, load_ruleset, result_to_json
from scoring.command import main
from scoring.files import read_scores

DATA = Path(__file__).parent / "data"
RULESET = DATA / "worked_ruleset.yaml"
SCORES = DATA / "worked_scores.csv"
JUDGES = ("J1", "J2", "J3")


def _doc_table(first_cell: str) -> list[list[str]]:
    """The rows of the docstring table whose header starts with ``first_cell``."""
    assert scoring.__doc__ is not None
    lines = scoring.__doc__.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(first_cell + " "))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return rows


def test_the_docstring_scores_are_the_worked_example_files() -> None:
    ruleset = load_ruleset(RULESET)
    with SCORES.open(newline="") as handle:
        from_file = {tuple(row.values()) for row in csv.DictReader(handle)}
    entrants = ("Sukamaju", "Mekarsari", "Karanganyar")
    from_doc = set()
    for indicator, stage, domain, weight, *per_entrant in _doc_table("indicator"):
        ind = ruleset.indicator(indicator)
        assert (ind.stage, ind.domain, str(ind.weight)) == (stage, domain, weight)
        for entrant, values in zip(entrants, per_entrant, strict=True):
            judges = ("LMS",) if ind.kind == "lms" else JUDGES
            for judge, value in zip(judges, values.split(), strict=True):
                from_doc.add((judge, entrant, stage, indicator, value))
    assert from_doc == from_file


def _expected() -> list[dict[str, str]]:
    return [
        {"rank": r, "entrant": e, "ADM": adm, "KLAR": klar, "total": t, "award": a, "note": n}
        for r, e, adm, klar, t, a, n in _doc_table("rank")
    ]


def _note(tie_break: str | None, divergent: list[str]) -> str:
    notes = [f"tie settled by {tie_break}"] if tie_break else []
    notes += [f"divergent {', '.join(divergent)}"] if divergent else []
    return "; ".join(notes)


def test_the_docstring_result_table_is_what_compute_gives() -> None:
    ruleset = load_ruleset(RULESET)
    sheet, problems = read_scores(SCORES, ruleset)
    assert problems == []
    result = compute(ruleset, sheet.entrants, sheet.scores)
    got = [
        {
            "rank": str(e.rank),
            "entrant": e.entrant,
            "ADM": str(e.stages["ADM"]),
            "KLAR": str(e.stages["KLAR"]),
            "total": str(e.total),
            "award": e.award or "",
            "note": _note(e.tie_break, list(e.divergent)),
        }
        for e in result.entrants
    ]
    assert got == _expected()
    assert not result.provisional
    assert not result.needs_pleno


def _json_rows(data: dict[str, list[dict[str, object]]]) -> list[dict[str, str]]:
    return [
        {
            "rank": str(e["rank"]),
            "entrant": str(e["entrant"]),
            "ADM": e["stages"]["ADM"],  # type: ignore[index]
            "KLAR": e["stages"]["KLAR"],  # type: ignore[index]
            "total": str(e["total"]),
            "award": str(e["award"] or ""),
        }
        for e in data["entrants"]
    ]


def _without_note(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k != "note"} for row in rows]


def test_the_command_prints_the_worked_example_as_json_in_a_subprocess() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "scoring.command", str(RULESET), str(SCORES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    data = json.loads(run.stdout)
    assert _json_rows(data) == _without_note(_expected())
    first = data["entrants"][0]
    assert set(first) == {
        "entrant", "rank", "tied", "needs_pleno", "decided_by_pleno", "pleno_reason", "award",
        "total", "stages", "complete", "missing", "divergent",
    }  # fmt: skip
    assert data["entrants"][2]["divergent"] == ["PEM.1.1"]


def test_the_command_json_is_the_canonical_json_of_compute(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(RULESET), str(SCORES), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    ruleset = load_ruleset(RULESET)
    sheet, _ = read_scores(SCORES, ruleset)
    assert printed == result_to_json(compute(ruleset, sheet.entrants, sheet.scores))


def test_the_command_prints_a_table_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(RULESET), str(SCORES), "--format", "table"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "CONTOH-v1"
    assert lines[1].split() == ["Rank", "Entrant", "ADM", "KLAR", "Total", "Award", "Notes"]
    for line, row in zip(lines[2:5], _expected(), strict=True):
        assert line.split()[:5] == [row["rank"], row["entrant"], row["ADM"], row["KLAR"], row["total"]]
        assert row["award"] in line
        assert row["note"] in line


PLENO_SCORES = DATA / "pleno_scores.csv"
PLENO = DATA / "pleno.yaml"


def test_without_the_pleno_the_tie_is_left_open(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(RULESET), str(PLENO_SCORES)]) == 0
    rows = json.loads(capsys.readouterr().out)["entrants"]
    assert [(r["entrant"], r["rank"], r["tied"], r["needs_pleno"], r["award"]) for r in rows] == [
        ("Cibodas", 1, False, False, "Juara I"),
        ("Sindangsari", 2, True, True, None),
        ("Sukasari", 2, True, True, None),
        ("Wangunjaya", 4, False, False, "Harapan I"),
    ]


def test_the_pleno_file_orders_the_tied_group(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(RULESET), str(PLENO_SCORES), "--pleno", str(PLENO)]) == 0
    rows = json.loads(capsys.readouterr().out)["entrants"]
    reason = "Inovasi desa lebih sesuai dengan tema lomba tahun berjalan"
    keys = ("entrant", "rank", "tied", "decided_by_pleno", "pleno_reason", "award")
    assert [tuple(r[k] for k in keys) for r in rows] == [
        ("Cibodas", 1, False, False, None, "Juara I"),
        ("Sukasari", 2, False, True, reason, "Juara II"),
        ("Sindangsari", 3, False, True, reason, "Juara III"),
        ("Wangunjaya", 4, False, False, None, "Harapan I"),
    ]  # fmt: skip


def test_the_pleno_decision_in_code_matches_the_file() -> None:
    ruleset = load_ruleset(RULESET)
    sheet, _ = read_scores(PLENO_SCORES, ruleset)
    decision = PlenoDecision(("Sukasari", "Sindangsari"), "alasan")
    result = compute(ruleset, sheet.entrants, sheet.scores, [decision])
    assert result.entrant("Sukasari").rank == 2
    assert result.unused_pleno == ()
