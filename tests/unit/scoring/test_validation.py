"""Rulesets, scores and pleno decisions are checked; every problem names its path."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from scoring import (
    Abstention,
    Domain,
    EligibilityItem,
    Indicator,
    InvalidInput,
    PlenoDecision,
    Problem,
    Rules,
    Ruleset,
    Score,
    Stage,
    check_ruleset,
    parse_ruleset,
    ruleset_to_dict,
    validate_pleno,
    validate_ruleset,
    validate_scores,
)
from scoring.catalogue import to_decimal
from scoring.validation import entrants_problems
from tests.unit.scoring.factories import D, ruleset

DATA = Path(__file__).parent / "data"


def _default() -> dict[str, Any]:
    data = yaml.safe_load((DATA / "criteria_default.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_default_catalogue_parses_whole() -> None:
    rs = parse_ruleset(_default())
    assert (rs.code, rs.level, rs.track) == ("LOMDES-KAB-DEFAULT-v1", "kabupaten", "desa")
    assert [(s.code, s.weight, s.only_top_n) for s in rs.stages] == [
        ("ADM", D(40), None),
        ("KLAR", D(45), None),
        ("PAP", D(15), 3),
    ]
    assert [(d.code, d.weight, len(d.aspects)) for d in rs.domains] == [
        ("PEM", 40, 4),
        ("WIL", 25, 5),
        ("MAS", 35, 9),
    ]
    assert len(rs.indicators) == 32
    assert len([i for i in rs.indicators if i.domain is None]) == 4
    assert [e.code for e in rs.eligibility] == ["ELG.1", "ELG.2", "ELG.3", "ELG.4", "ELG.5"]
    lms = rs.indicator("PEM.2.4")
    assert (lms.kind, lms.stage, lms.aspect, lms.evidence, lms.step) == (
        "lms",
        "ADM",
        "PEM.2",
        "lms_lookup",
        1,
    )
    assert dict(lms.rubric)[4] == ">=80%"
    assert dict(lms.extra)["src"] == "P"
    flow = rs.indicator("MAS.1.2")  # flow-style YAML
    assert (flow.domain, flow.aspect, flow.stage, flow.weight) == ("MAS", "MAS.1", "KLAR", 2)
    pap = rs.indicator("PAP.1")
    assert (pap.stage, pap.domain, pap.weight) == ("PAP", None, 40)
    assert rs.domains[2].aspects[0].name == "Partisipasi masyarakat"
    assert rs.rules == Rules()
    assert validate_ruleset(rs) == []


def test_a_ruleset_survives_a_round_trip_through_yaml() -> None:
    rs = parse_ruleset(_default())
    dumped = yaml.safe_dump(ruleset_to_dict(rs), allow_unicode=True, sort_keys=False)
    assert parse_ruleset(yaml.safe_load(dumped)) == rs
    custom = replace(
        ruleset(with_pap=True),
        rules=Rules(
            aggregation="median",
            tie_breaks=("stage:ADM",),
            awards=("Juara I",),
            divergence_tolerance=Decimal("1.5"),
            lms_thresholds=(Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal("1")),
            normalization="zscore",
        ),
    )
    odd = (
        Indicator("MAS.9", "KLAR", "MAS", D(10), D("0.1234567890123456789"), step=D("2.5"), evidence="field"),
        Indicator("X.1", "XTRA", None, D(4), D(1)),
    )
    custom = replace(custom, indicators=custom.indicators + odd, stages=(*custom.stages, Stage("XTRA", D(5))))
    again = parse_ruleset(yaml.safe_load(yaml.safe_dump(ruleset_to_dict(custom))))
    # Indicators come back in catalogue order (domains, their aspects, then presentation items).
    assert set(again.indicators) == set(custom.indicators)
    assert replace(again, indicators=custom.indicators) == custom


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(4, D(4)), (0.2, D("0.2")), ("0,25", D("0.25")), (" 3.5 ", D("3.5")), ("1.000,5", None), ("x", None),
     (True, None), (None, None), ("NaN", None), ("inf", None)],
)  # fmt: skip
def test_numbers_may_be_yaml_numbers_or_text(raw: object, expected: Decimal | None) -> None:
    assert to_decimal(raw) == expected


Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        parts = path.replace("[", ".").replace("]", "").split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        elif last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return edit


_DELETE = object()
A0 = "catalogue.domains[0].aspects[0]"
A1 = "catalogue.domains[0].aspects[1]"
IND = f"{A1}.indicators[2]"
LMS = f"{A1}.indicators[3]"
ELG = "catalogue.eligibility[1]"


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (_set(f"{IND}.step", 3), f"{IND}.step", "does not divide"),
        (_set(f"{IND}.step", 0), f"{IND}.step", "positive"),
        (_set(f"{IND}.max", 0), f"{IND}.max", "positive"),
        (_set(f"{IND}.weight", -1), f"{IND}.weight", "positive"),
        (_set(f"{IND}.weight", "heavy"), f"{IND}.weight", "number"),
        (_set(f"{IND}.stage", "NOPE"), f"{IND}.stage", "unknown stage"),
        (_set(f"{IND}.stage", _DELETE), f"{IND}.stage", "required"),
        (_set(f"{IND}.code", "PEM.1.1"), f"{IND}.code", "duplicate indicator"),
        (_set(f"{IND}.code", 1.5), f"{IND}.code", "text"),
        (_set(f"{IND}.code", " "), f"{IND}.code", "empty"),
        (_set(f"{IND}.kind", "robot"), f"{IND}.kind", "kind"),
        (_set(f"{IND}.rubric", {"a": 1}), f"{IND}.rubric", "rubric"),
        (_set(f"{IND}", "not a mapping"), IND, "mapping"),
        (_set(f"{LMS}.max", 5), f"{LMS}.max", "lms"),
        (_set(f"{A0}.code", "PEM.2"), f"{A1}.code", "duplicate aspect"),
        (_set(f"{A0}", 3), f"{A0}", "mapping"),
        (_set(f"{A0}.code", _DELETE), f"{A0}.code", "required"),
        (_set("catalogue.domains[0].aspects", "x"), "catalogue.domains[0].aspects", "list"),
        (_set("catalogue.domains[1].code", "PEM"), "catalogue.domains[1].code", "duplicate domain"),
        (_set("catalogue.domains[1].weight", 0), "catalogue.domains[1].weight", "positive"),
        (_set("catalogue.domains[1].weight", _DELETE), "catalogue.domains[1].weight", "required"),
        (_set("catalogue.domains[1]", []), "catalogue.domains[1]", "mapping"),
        (_set("catalogue.stages[0].code", "KLAR"), "catalogue.stages[1].code", "duplicate stage"),
        (_set("catalogue.stages[0].only_top_n", 3), "catalogue.stages[0].only_top_n", "first stage"),
        (_set("catalogue.stages[2].only_top_n", 0), "catalogue.stages[2].only_top_n", "at least 1"),
        (_set("catalogue.stages[2].only_top_n", "three"), "catalogue.stages[2].only_top_n", "whole number"),
        (_set("catalogue.stages[2].weight", _DELETE), "catalogue.stages[2].weight", "required"),
        (_set("catalogue.stages[2].weight", 0), "catalogue.stages[2].weight", "positive"),
        (_set("catalogue.stages[2]", None), "catalogue.stages[2]", "mapping"),
        (_set("catalogue.stages", []), "catalogue.stages", "at least one stage"),
        (_set("catalogue.presentation", []), "catalogue.stages[2]", "no indicators"),
        (_set("catalogue.presentation[0].stage", "KLAR"), "catalogue.stages[1]", "mixes"),
        (_set(f"{ELG}.code", "ELG.1"), f"{ELG}.code", "duplicate eligibility"),
        (_set(f"{ELG}", 7), f"{ELG}", "mapping"),
        (_set(f"{ELG}.code", _DELETE), f"{ELG}.code", "required"),
        (_set("catalogue.presentaton", []), "catalogue.presentaton", "unknown key"),
        (_set("catalogue.code", _DELETE), "catalogue.code", "required"),
        (_set("catalogue", "x"), "catalogue", "mapping"),
        (_set("rules", {"tie_breaks": ["stage:NOPE"]}), "rules.tie_breaks[0]", "names no stage"),
        (_set("rules", {"tie_breaks": ["luck:1"]}), "rules.tie_breaks[0]", "unknown tie-break"),
        (_set("rules", {"tie_breaks": [1]}), "rules.tie_breaks", "list of texts"),
        (_set("rules", {"aggregation": "max"}), "rules.aggregation", "aggregation"),
        (_set("rules", {"normalization": "robust"}), "rules.normalization", "normalization"),
        (_set("rules", {"awards": ["Juara I", "Juara I"]}), "rules.awards", "distinct"),
        (_set("rules", {"divergence_tolerance": -1}), "rules.divergence_tolerance", ">= 0"),
        (_set("rules", {"divergence_tolerance": "a lot"}), "rules.divergence_tolerance", "number"),
        (_set("rules", {"lms_thresholds": [0.5, 0.4, 0.6, 0.8]}), "rules.lms_thresholds", "rising"),
        (_set("rules", {"lms_thresholds": ["x", 0.4, 0.6, 0.8]}), "rules.lms_thresholds", "numbers"),
        (_set("rules", {"lms_thresholds": [0.2, 0.4, 0.6]}), f"{LMS}.max", "0..3"),
        (_set("rules", {"weights": 1}), "rules.weights", "unknown key"),
        (_set("rules", []), "rules", "mapping"),
    ],
)  # fmt: skip
def test_every_ruleset_problem_is_reported_with_its_path(edit: Edit, path: str, words: str) -> None:
    data = copy.deepcopy(_default())
    edit(data)
    ruleset_, problems = check_ruleset(data)
    assert ruleset_ is None
    assert any(p.path == path and words in p.message for p in problems), problems
    with pytest.raises(InvalidInput) as caught:
        parse_ruleset(data)
    assert caught.value.problems == problems


def test_a_ruleset_that_is_not_a_mapping_is_refused() -> None:
    assert check_ruleset([1, 2]) == (None, [Problem("$", "expected a mapping of keys to values")])


def test_a_lean_ruleset_round_trips_too() -> None:
    lean = Ruleset(
        code="LEAN",
        stages=(Stage("ADM", D(1)),),
        domains=(Domain("PEM", D(1)),),
        indicators=(Indicator("PEM.1", "ADM", "PEM", D(4), D(1)),),
        rules=Rules(tie_breaks=("stage:ADM",)),
        eligibility=(EligibilityItem("ELG.1"),),
    )
    data = ruleset_to_dict(lean)
    assert data["catalogue"] == {
        "code": "LEAN",
        "stages": [{"code": "ADM", "weight": 1}],
        "eligibility": [{"code": "ELG.1"}],
        "domains": [
            {
                "code": "PEM",
                "weight": 1,
                "indicators": [{"code": "PEM.1", "max": 4, "weight": 1, "stage": "ADM"}],
            }
        ],
    }
    assert parse_ruleset(data) == lean
    assert lean.stage("ADM").weight == 1


def test_entrant_codes_cannot_be_empty() -> None:
    assert [p.message for p in entrants_problems(["A", ""])] == ["an entrant code cannot be empty"]


def test_indicators_may_sit_directly_under_a_domain() -> None:
    data = _default()
    data["catalogue"]["domains"][1]["indicators"] = [
        {"code": "WIL.9", "max": 4, "weight": 1, "stage": "KLAR"}
    ]
    wil9 = parse_ruleset(data).indicator("WIL.9")
    assert (wil9.domain, wil9.aspect) == ("WIL", None)


def test_a_ruleset_built_in_code_reports_paths_by_position() -> None:
    rs = ruleset()
    broken = replace(
        rs,
        indicators=(
            *rs.indicators,
            Indicator("Q.1", "ADM", "NOPE", D(4), D(1)),
            Indicator("Q.2", "ADM", "PEM", D(4), D(1), aspect="PEM.9"),
            Indicator("Q.3", "ADM", "PEM", D("NaN"), D(1)),
        ),
    )
    assert [(p.path, p.message) for p in validate_ruleset(broken)] == [
        ("indicators[4].domain", "unknown domain 'NOPE'"),
        ("indicators[5].aspect", "unknown aspect 'PEM.9' of domain 'PEM'"),
        ("indicators[6].max", "max must be a positive number"),
    ]


def test_the_default_chain_needs_its_codes() -> None:
    rs = ruleset()
    no_lms = replace(rs, indicators=tuple(i for i in rs.indicators if i.code != "PEM.2.4"))
    assert [p.path for p in validate_ruleset(no_lms)] == ["rules.tie_breaks[2]"]


@pytest.mark.parametrize(
    ("score", "path", "words"),
    [
        (Score("J1", "Z", "PEM.1.1", D(1)), "scores[0].entrant", "unknown entrant"),
        (Score("J1", "A", "NOPE", D(1)), "scores[0].indicator", "unknown indicator"),
        (Score("J1", "A", "PEM.1.1", D(5)), "scores[0].value", "outside 0..4"),
        (Score("J1", "A", "PEM.1.1", D(-1)), "scores[0].value", "outside"),
        (Score("J1", "A", "PEM.1.1", D("NaN")), "scores[0].value", "outside"),
        (Score("J1", "A", "PEM.1.1", D("2.5")), "scores[0].value", "step"),
        (Score("J1", "A", "PEM.2.4", D(2)), "scores[0].judge", "lms indicator"),
        (Score("LMS", "A", "PEM.1.1", D(2)), "scores[0].judge", "only scores lms"),
    ],
)
def test_score_problems(score: Score, path: str, words: str) -> None:
    problems = validate_scores(ruleset(), ["A"], [score])
    assert [p.path for p in problems] == [path]
    assert words in problems[0].message


def test_a_judge_scoring_an_indicator_twice_is_refused() -> None:
    twice = [
        Score("J1", "A", "PEM.1.1", D(1)),
        Score("J2", "A", "PEM.1.1", D(1)),
        Score("J1", "A", "PEM.1.1", D(2)),
    ]
    problems = validate_scores(ruleset(), ["A"], twice)
    assert [(p.path, p.message) for p in problems] == [
        ("scores[2]", "judge 'J1' scored PEM.1.1 of 'A' twice (first at scores[0])")
    ]


def test_abstention_problems() -> None:
    problems = validate_scores(ruleset(), ["A"], [], [Abstention("J1", "Z", "NOPE"), Abstention("J1", "A")])
    assert [p.path for p in problems] == ["abstentions[0].entrant", "abstentions[0].indicator"]


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        ([PlenoDecision(("A",), "x")], ["pleno[0].order"]),
        ([PlenoDecision(("A", "Z"), "x")], ["pleno[0].order[1]"]),
        ([PlenoDecision(("A", "A"), "x")], ["pleno[0].order[1]"]),
        ([PlenoDecision(("A", "B"), "x"), PlenoDecision(("B", "C"), "y")], ["pleno[1].order[0]"]),
        ([PlenoDecision(("A", "B"), "")], ["pleno[0].reason"]),
        ([PlenoDecision(("A", "B"), "x"), PlenoDecision(("C", "D"), "y")], []),
    ],
)
def test_pleno_problems(decisions: list[PlenoDecision], expected: list[str]) -> None:
    assert [p.path for p in validate_pleno(decisions, ["A", "B", "C", "D"])] == expected


def test_problem_text_names_file_and_line() -> None:
    assert str(Problem("scores", "bad", "s.csv", 3)) == "s.csv:3: scores: bad"
    assert str(Problem("scores", "bad", "s.csv")) == "s.csv: scores: bad"
    assert str(Problem("scores", "bad")) == "scores: bad"
