"""validate_catalogue: every rule of the catalogue check, on the shipped preset and small changes to it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app.competitions.catalogue import load_preset
from app.competitions.validation import fields_under, validate_catalogue

PRESET = load_preset()
IND = "catalogue.domains[0].aspects[1].indicators[2]"




def test_the_preset_is_valid() -> None:
    assert validate_catalogue(PRESET) == []


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"step": 3}, f"{IND}.step", "The step must divide"),
        ({"step": "0.5"}, None, None),
        ({"max": 0}, f"{IND}.max", "greater than 0"),
        ({"weight": 0}, f"{IND}.weight", "greater than 0"),
        ({"weight": "abc"}, f"{IND}.weight", "Enter a number"),
        ({"stage": "XYZ"}, f"{IND}.stage", "stage does not exist"),
        ({"kind": "robot"}, f"{IND}.kind", "judge or lms"),
        ({"code": "PEM.1.1"}, f"{IND}.code", "already used"),
        ({"code": "PEM 2 3"}, f"{IND}.code", "without spaces"),
        ({"rubric": {"5": "x"}}, f"{IND}.rubric", "Rubric levels"),
    ],
)
def test_indicator_rules(change: dict[str, Any], path: str | None, message: str | None) -> None:
    doc = copy.deepcopy(PRESET)
    doc["catalogue"]["domains"][0]["aspects"][1]["indicators"][2].update(change)
    problems = validate_catalogue(doc)
    if path is None:
        assert problems == []
    else:
        assert [p for p, _m in problems] == [path]
        assert message in problems[0][1]


def test_domain_and_aspect_codes_share_one_namespace_with_indicators() -> None:
    doc = copy.deepcopy(PRESET)
    doc["catalogue"]["domains"][1]["aspects"][0]["code"] = "PEM"
    assert validate_catalogue(doc) == [("catalogue.domains[1].aspects[0].code",
                                        "This code is already used elsewhere in the catalogue.")]


def test_stage_rules() -> None:
    doc = copy.deepcopy(PRESET)
    doc["catalogue"]["stages"][0]["weight"] = 0
    doc["catalogue"]["stages"][2]["only_top_n"] = "1.5"
    assert [p for p, _m in validate_catalogue(doc)] == ["catalogue.stages[0].weight", "catalogue.stages[2].only_top_n"]
    doc["catalogue"]["stages"] = []
    assert ("catalogue.stages", "The competition needs at least one stage.") in validate_catalogue(doc)


@pytest.mark.parametrize(
    ("rules", "paths"),
    [
        ({"tie_breaks": ["stage:KLAR", "domain:PEM", "indicator:PEM.2.4"]}, []),
        ({"tie_breaks": ["stage:KLAR", "domain:NOPE", "total"]}, ["rules.tie_breaks[1]", "rules.tie_breaks[2]"]),
        ({"aggregation": "mode"}, ["rules.aggregation"]),
        ({"normalization": "minmax"}, ["rules.normalization"]),
        ({"awards": ["Juara I", " "]}, ["rules.awards[1]"]),
        ({"divergence_tolerance": -1}, ["rules.divergence_tolerance"]),
        ({"lms_thresholds": [0.2, 0.4, 0.6, 0.8]}, []),
        ({"lms_thresholds": [0.2, 0.6, 0.4, 0.8]}, ["rules.lms_thresholds"]),
    ],
)
def test_rules(rules: dict[str, Any], paths: list[str]) -> None:
    doc = {**copy.deepcopy(PRESET), "rules": rules}
    assert [p for p, _m in validate_catalogue(doc)] == paths


def test_no_catalogue() -> None:
    assert validate_catalogue({"rules": {}}) == [("catalogue", "The file has no catalogue.")]


def test_fields_under_maps_paths_to_form_fields() -> None:
    problems = [(f"{IND}.step", "a"), (f"{IND}.rubric", "b"), ("rules.tie_breaks[0]", "c")]
    mine, rest = fields_under(problems, IND)
    assert mine == {"step": ["a"], "rubric": ["b"]}
    assert rest == [("rules.tie_breaks[0]", "c")]
