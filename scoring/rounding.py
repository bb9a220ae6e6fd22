"""The one rounding policy of the scoring core.

Words:
- *exact value*: a ``fractions.Fraction`` (or a ``Decimal``) carried through the arithmetic with no
  rounding at all; a mean of three judges is 11/3, not 3.67.
- *reported value*: an exact value rounded half up (half away from zero) to ``REPORT_PLACES``
  decimals. Stage values and totals are reported this way, and every comparison (ranking, top-N
  cut-offs, tie-breaks) uses reported values, because that is what the committee prints and reads.
- *detail value*: the same rounding at ``DETAIL_PLACES`` decimals, for the drill-down only.

This module does no other arithmetic.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

REPORT_PLACES = 2
DETAIL_PLACES = 4


def round_half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """Round an exact value half away from zero to ``places`` decimals, exactly (no binary floats)."""
    exact = value if isinstance(value, Fraction) else Fraction(value)
    scale = 10**places
    numerator = abs(exact.numerator) * scale
    denominator = exact.denominator
    quotient = (2 * numerator + denominator) // (2 * denominator)
    digits = str(quotient).rjust(places + 1, "0")
    sign = "-" if exact < 0 and quotient else ""
    return Decimal(f"{sign}{digits[: len(digits) - places]}.{digits[len(digits) - places :]}")


def report(value: Fraction | Decimal | int) -> Decimal:
    """A reported value: 2 decimals, half up."""
    return round_half_up(value, REPORT_PLACES)


def detail(value: Fraction | Decimal | int) -> Decimal:
    """A drill-down value: 4 decimals, half up."""
    return round_half_up(value, DETAIL_PLACES)


def text(value: Decimal) -> str:
    """A reported value as text with exactly 2 decimals and a dot: ``Decimal('84.5')`` -> ``'84.50'``."""
    return f"{report(value):.{REPORT_PLACES}f}"
