"""The value check of score sheets: range, step, decimal comma, blanks, unknown codes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.judging.validation import Problem, Scale, canonical, check_values, parse_value

ZERO_TO_FOUR = Scale(Decimal(4), Decimal(1))
QUARTERS = Scale(Decimal(10), Decimal("2.5"))


@pytest.mark.parametrize(
    ("raw", "scale", "expected"),
    [
        ("3", ZERO_TO_FOUR, "3"), (3, ZERO_TO_FOUR, "3"), ("3,0", ZERO_TO_FOUR, "3"), (0, ZERO_TO_FOUR, "0"),
        ("4", ZERO_TO_FOUR, "4"), ("2,5", QUARTERS, "2.5"), (7.5, QUARTERS, "7.5"), ("10", QUARTERS, "10"),
        (" 5.00 ", QUARTERS, "5"),
    ],
)
def test_valid_values_come_back_canonical(raw: object, scale: Scale, expected: str) -> None:
    clean, problems = check_values({"A": raw}, {"A": scale})
    assert problems == []
    assert clean == {"A": expected}


@pytest.mark.parametrize(
    ("raw", "scale", "kind"),
    [
        ("5", ZERO_TO_FOUR, "out_of_range"), ("-1", ZERO_TO_FOUR, "out_of_range"), ("2,5", ZERO_TO_FOUR, "off_step"),
        ("3", QUARTERS, "off_step"), ("abc", ZERO_TO_FOUR, "not_a_number"), (True, ZERO_TO_FOUR, "not_a_number"),
        ("NaN", ZERO_TO_FOUR, "not_a_number"), ([], ZERO_TO_FOUR, "not_a_number"), ("", ZERO_TO_FOUR, "missing"),
        (None, ZERO_TO_FOUR, "missing"), ("10.1", QUARTERS, "out_of_range"),
    ],
)
def test_invalid_values_name_their_problem(raw: object, scale: Scale, kind: str) -> None:
    clean, problems = check_values({"A": raw}, {"A": scale})
    assert clean == {}
    assert problems == [Problem("A", kind)]


def test_drafts_allow_blanks_but_every_code_must_be_on_the_sheet() -> None:
    clean, problems = check_values({"A": "1", "Z": "2"}, {"A": ZERO_TO_FOUR, "B": ZERO_TO_FOUR}, complete=False)
    assert clean == {"A": "1"}
    assert problems == [Problem("Z", "unknown_indicator")]


def test_levels_and_canonical_forms() -> None:
    assert [canonical(v) for v in QUARTERS.levels()] == ["0", "2.5", "5", "7.5", "10"]
    assert canonical(Decimal("40")) == "40"
    assert canonical(Decimal("-0.0")) == "0"
    assert parse_value("  ") is None
