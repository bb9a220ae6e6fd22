"""Checking a judge's values against the indicators' scales: the one place where this happens.

Words:
- *scale*: an indicator's ``max_value`` and ``step``; a valid value lies in ``[0, max]`` and on a step
  counted from 0 (max 4 step 1: 0, 1, 2, 3, 4; max 10 step 2.5: 0, 2.5, 5, 7.5, 10).
- *problem*: one thing wrong with one indicator: ``(indicator_code, kind)`` where kind is ``missing``,
  ``not_a_number``, ``out_of_range``, ``off_step`` or ``unknown_indicator``.
- *canonical value*: the normalised decimal string of a value (``"2.5"``, ``"4"``), used for storage
  and for the content hash.

Values may come as JSON numbers or strings, with a decimal comma (``"2,5"``). Pure: no database, no
web. (The scoring core will offer ``validate_scores``; this module is where it would be delegated to.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

PROBLEM_KINDS = ("missing", "not_a_number", "out_of_range", "off_step", "unknown_indicator")


@dataclass(frozen=True)
class Scale:
    max_value: Decimal
    step: Decimal

    def levels(self) -> list[Decimal]:
        """Every valid value, lowest first."""
        out, value = [], Decimal(0)
        step = self.step if self.step > 0 else Decimal(1)
        while value <= self.max_value:
            out.append(value)
            value += step
        return out


@dataclass(frozen=True)
class Problem:
    indicator: str
    kind: str


def parse_value(raw: object) -> Decimal | None:
    """A value as a Decimal; ``None`` for blank; raises ``ValueError`` when it is not a number."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("boolean")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    if not isinstance(raw, str):
        raise ValueError("not a number")
    text = raw.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("not a number") from exc
    if not value.is_finite():
        raise ValueError("not finite")
    return value


def canonical(value: Decimal) -> str:
    """``Decimal("2.50")`` → ``"2.5"``, ``Decimal("40")`` → ``"40"``, ``Decimal("-0")`` → ``"0"``."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def check_value(value: Decimal, scale: Scale) -> str | None:
    """The problem kind of one present value, or None."""
    if value < 0 or value > scale.max_value:
        return "out_of_range"
    if scale.step > 0 and value % scale.step != 0:
        return "off_step"
    return None


def check_values(
    values: Mapping[str, object], scales: Mapping[str, Scale], *, complete: bool = True
) -> tuple[dict[str, str], list[Problem]]:
    """Check ``values`` (indicator code → raw value) against ``scales`` (the sheet's indicators).

    Returns the canonical values and the problems, in the sheet's order then unknown codes. With
    ``complete`` every indicator of the sheet must have a value (a submission); without it blanks are
    allowed (a draft).
    """
    clean: dict[str, str] = {}
    problems: list[Problem] = []
    for code, scale in scales.items():
        try:
            value = parse_value(values.get(code))
        except ValueError:
            problems.append(Problem(code, "not_a_number"))
            continue
        if value is None:
            if complete:
                problems.append(Problem(code, "missing"))
            continue
        kind = check_value(value, scale)
        if kind:
            problems.append(Problem(code, kind))
        else:
            clean[code] = canonical(value)
    problems.extend(Problem(code, "unknown_indicator") for code in values if code not in scales)
    return clean, problems
