"""The ``score`` command with real files: bad input gives exit status 2, one line per problem with
file and line, and no partial output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scoring import InvalidInput, load_ruleset
from scoring.command import main

DATA = Path(__file__).parent / "data"
RULESET = DATA / "worked_ruleset.yaml"
HEADER = "judge,entrant,stage,indicator,value\n"


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, list[str]]:
    status = main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err.splitlines()


def _fails(capsys: pytest.CaptureFixture[str], *args: str | Path) -> list[str]:
    status, out, err = _run(capsys, *args)
    assert status == 2
    assert out == ""
    return err


def _complete_rows(entrant: str = "A", value: str = "3") -> str:
    rows = []
    for indicator, stage in (("PEM.1.1", "ADM"), ("PEM.2.2", "KLAR"), ("MAS.1.2", "KLAR")):
        rows += [f"{j},{entrant},{stage},{indicator},{value}\n" for j in ("J1", "J2")]
    rows.append(f"LMS,{entrant},ADM,PEM.2.4,{value}\n")
    return "".join(rows)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("J1,A,ADM,NOPE.1,3\n", [":2: indicator: unknown indicator 'NOPE.1'"]),
        ("J1,A,ADM,PEM.1.1,5\n", [":2: value: value 5 is outside 0..4 for PEM.1.1"]),
        ("J1,A,ADM,PEM.1.1,2.5\n", [":2: value: value 2.5 is not a multiple of step 1"]),
        ('J1,A,ADM,PEM.1.1,"2,5"\n', [":2: value: value 2.5 is not a multiple of step 1"]),
        ("J1,A,ADM,PEM.1.1,tiga\n", [":2: value: value 'tiga' is not a number"]),
        ("J1,A,ADM,PEM.1.1,3\nJ1,A,ADM,PEM.1.1,4\n",
         [":3: row: judge 'J1' scored PEM.1.1 of 'A' twice (first at scores[0])"]),
        ("J1,A,ADM,PEM.1.1\n", [":2: row: expected 5 fields, found 4"]),
        (",A,ADM,PEM.1.1,3\n", [":2: row: judge and entrant cannot be empty"]),
        ("J1,A,KLAR,PEM.1.1,3\n", [":2: stage: PEM.1.1 belongs to stage ADM, not 'KLAR'"]),
        ("J1,A,ADM,PEM.2.4,3\n", [":2: judge: PEM.2.4 is an lms indicator: its judge is LMS"]),
        ("J1,A,ADM,PEM.1.1,9\nJ1,A,ADM,PEM.2.2,1\n", [":2: value: value 9 is outside 0..4 for PEM.1.1",
                                                      ":3: stage: PEM.2.2 belongs to stage KLAR, not 'ADM'"]),
        ("J1,A,ADM,PEM.1.1,-\nJ2,A,ADM,NOPE,abstain\n", [":3: indicator: unknown indicator 'NOPE'"]),
    ],
)  # fmt: skip
def test_bad_scores_are_reported_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str, expected: list[str]
) -> None:
    scores = _write(tmp_path, "scores.csv", HEADER + rows)
    err = _fails(capsys, RULESET, scores)
    assert err == [f"{scores}{line}" for line in expected]


@pytest.mark.parametrize(
    "content",
    ["judge,entrant,indicator,value\n", "", "juri;desa;tahap;indikator;nilai\n"],
)
def test_a_wrong_header_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    scores = _write(tmp_path, "scores.csv", content)
    assert _fails(capsys, RULESET, scores) == [
        f"{scores}:1: header: the header must be judge,entrant,stage,indicator,value"
    ]


def test_unreadable_and_malformed_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.csv"
    err = _fails(capsys, RULESET, missing)
    assert len(err) == 1
    assert err[0].startswith(f"{missing}: $: cannot read the file")
    latin = _write(tmp_path, "latin.csv", HEADER.encode() + "J1,Désa,ADM,PEM.1.1,3\n".encode("latin-1"))
    assert "cannot read the file" in _fails(capsys, RULESET, latin)[0]
    huge = _write(
        tmp_path, "huge.csv", HEADER + "J1,A,ADM,PEM.1.1,3\nJ1,B,ADM,PEM.1.1," + "9" * 200_000 + "\n"
    )
    assert _fails(capsys, RULESET, huge) == [
        f"{huge}:3: row: malformed CSV: field larger than field limit (131072)"
    ]


def test_semicolons_decimal_commas_blank_lines_and_abstentions_are_understood(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEADER + _complete_rows("A", "3") + "\n" + _complete_rows("B", "2") + "J3,B,ADM,PEM.1.1,abstain\n"
    semicolons = text.replace(",", ";").replace(";3\n", ";3,0\n")
    scores = _write(tmp_path, "scores.csv", "\ufeff" + semicolons)
    status, out, err = _run(capsys, RULESET, scores)
    assert (status, err) == (0, [])
    rows = json.loads(out)["entrants"]
    assert [(r["entrant"], r["total"]) for r in rows] == [("A", "75.00"), ("B", "50.00")]


def test_tabs_work_as_separators(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scores = _write(tmp_path, "scores.tsv", (HEADER + _complete_rows()).replace(",", "\t"))
    status, out, _ = _run(capsys, RULESET, scores)
    assert status == 0
    assert json.loads(out)["entrants"][0]["total"] == "75.00"


def _ruleset_with(tmp_path: Path, extra: str) -> Path:
    return _write(tmp_path, "ruleset.yaml", RULESET.read_text(encoding="utf-8") + extra)


def test_listed_entrants_are_the_only_known_ones_and_all_appear(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ruleset = _ruleset_with(tmp_path, "entrants: [A, {code: B, name: Desa B}]\n")
    scores = _write(tmp_path, "scores.csv", HEADER + _complete_rows("A"))
    status, out, _ = _run(capsys, ruleset, scores)
    assert status == 0
    rows = json.loads(out)["entrants"]
    assert [(r["entrant"], r["complete"]) for r in rows] == [("A", True), ("B", False)]
    stranger = _write(tmp_path, "stranger.csv", HEADER + _complete_rows("A") + "J1,Z,ADM,PEM.1.1,3\n")
    assert _fails(capsys, ruleset, stranger) == [f"{stranger}:9: entrant: unknown entrant 'Z'"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("entrants: A\n", ":42: entrants: entrants is a list of codes or {code, name}"),
        ("entrants: [A, A]\n", ":42: entrants[1]: duplicate entrant 'A'"),
        ("entrants:\n  - A\n  - {name: x}\n", ":44: entrants[1]: an entrant is a code or {code, name}"),
    ],
)
def test_a_bad_entrants_list_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, expected: str
) -> None:
    ruleset = _ruleset_with(tmp_path, extra)
    scores = _write(tmp_path, "scores.csv", HEADER + _complete_rows("A"))
    assert _fails(capsys, ruleset, scores) == [f"{ruleset}{expected}"]


def test_ruleset_problems_carry_the_line_of_the_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = RULESET.read_text(encoding="utf-8")
    broken = text.replace("max: 4, weight: 2, stage: ADM}", "max: 4, weight: 2, stage: ADM, step: 3}")
    broken = broken.replace(
        "  divergence_tolerance: 2\n", "  divergence_tolerance: 2\n  aggregation: median\n"
    )
    ruleset = _write(tmp_path, "ruleset.yaml", broken)
    scores = _write(tmp_path, "scores.csv", HEADER)
    err = _fails(capsys, ruleset, scores)
    assert err == [
        f"{ruleset}:40: rules.aggregation: duplicate key 'aggregation'",
    ]
    ruleset = _write(
        tmp_path,
        "ruleset.yaml",
        text.replace("max: 4, weight: 2, stage: ADM}", "max: 4, weight: 2, stage: ADM, step: 3}"),
    )
    assert _fails(capsys, ruleset, scores) == [
        f"{ruleset}:17: catalogue.domains[0].aspects[0].indicators[0].step: "
        "step 3 does not divide the range 0..4"
    ]
    with pytest.raises(InvalidInput) as caught:
        load_ruleset(ruleset)
    assert caught.value.problems[0].line == 17
    with pytest.raises(InvalidInput, match="cannot read the file"):
        load_ruleset(tmp_path / "nope.yaml")
    no_step = text.replace('    - {code: KLAR, name: "Klarifikasi Lapangan",   weight: 60}\n', "")
    ruleset = _write(tmp_path, "ruleset.yaml", no_step)
    err = _fails(capsys, ruleset, scores)
    assert f"{ruleset}:20: catalogue.domains[0].aspects[1].indicators[0].stage: unknown stage 'KLAR'" in err


def test_malformed_yaml_is_reported_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ruleset = _write(tmp_path, "ruleset.yaml", "catalogue:\n  code: X\n  stages: [\n")
    scores = _write(tmp_path, "scores.csv", HEADER)
    err = _fails(capsys, ruleset, scores)
    assert len(err) == 1
    assert err[0].startswith(f"{ruleset}:4: $: malformed YAML")
    empty = _write(tmp_path, "empty.yaml", "")
    assert _fails(capsys, empty, scores) == [f"{empty}: $: expected a mapping of keys to values"]


@pytest.mark.parametrize(
    ("pleno", "expected"),
    [
        ("{order: [A, B]}\n", [":1: pleno: expected a list of {order, reason}"]),
        ("- order: A\n  reason: x\n", [":1: pleno[0].order: order is a list of entrant codes"]),
        ("- x\n", [":1: pleno[0].order: order is a list of entrant codes"]),
        ("- order: [A, B]\n  reason: [x]\n", [":2: pleno[0].reason: reason is a text"]),
        ("- order: [A, Z]\n  reason: x\n", [":1: pleno[0].order[1]: unknown entrant 'Z'"]),
        ("- order: [A, B]\n", [":1: pleno[0].reason: a pleno decision records its reason"]),
        ("- order: [A, B\n", None),
    ],
)
def test_bad_pleno_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pleno: str, expected: list[str] | None
) -> None:
    scores = _write(tmp_path, "scores.csv", HEADER + _complete_rows("A") + _complete_rows("B"))
    path = _write(tmp_path, "pleno.yaml", pleno)
    err = _fails(capsys, RULESET, scores, "--pleno", path)
    if expected is None:
        assert "malformed YAML" in err[0]
    else:
        assert err == [f"{path}{line}" for line in expected]


def test_an_empty_pleno_file_decides_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scores = _write(tmp_path, "scores.csv", HEADER + _complete_rows("A") + _complete_rows("B"))
    path = _write(tmp_path, "pleno.yaml", "# no decisions yet\n")
    status, out, _ = _run(capsys, RULESET, scores, "--pleno", path)
    assert status == 0
    assert json.loads(out)["entrants"][0]["needs_pleno"] is True


def test_usage_errors_exit_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: lomba-desa score" in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "RULESET.yaml" in capsys.readouterr().out


def test_bad_input_through_a_subprocess_has_no_partial_output(tmp_path: Path) -> None:
    scores = _write(
        tmp_path, "scores.csv", HEADER + _complete_rows("A") + "J1,A,ADM,PEM.2.2,1\nJ9,A,ADM,PEM.1.1,7\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "scoring.command", str(RULESET), str(scores), "--format", "table"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        f"{scores}:9: stage: PEM.2.2 belongs to stage KLAR, not 'ADM'",
        f"{scores}:9: row: judge 'J1' scored PEM.2.2 of 'A' twice (first at scores[2])",
        f"{scores}:10: value: value 7 is outside 0..4 for PEM.1.1",
    ]
