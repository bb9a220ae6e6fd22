"""The LMS rubric: the share of officials with a verified certificate → the indicator's value 0-4.

The rubric of the default catalogue (PEM.2.4): 0 below 20 %, 1 from 20 %, 2 from 40 %, 3 from 60 %,
4 from 80 %. A competition may set its own ``rules.lms_thresholds``. This is the one place in the
officials package that knows the rubric; it hands the rule itself to the scoring engine's
``scoring.lms_level``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import scoring

DEFAULT_THRESHOLDS: tuple[Decimal, ...] = (Decimal("0.20"), Decimal("0.40"), Decimal("0.60"), Decimal("0.80"))


def lms_level(share: Fraction | Decimal | int, thresholds: Sequence[Decimal | float | str] = DEFAULT_THRESHOLDS) -> int:
    """How many thresholds ``share`` reaches (``share >= t``): the scoring engine's rule, given an exact share.

    >>> lms_level(Fraction(2, 10)), lms_level(Fraction(79, 100)), lms_level(Fraction(4, 5))
    (1, 3, 4)
    """
    exact = Fraction(share)
    # A share equal to a threshold terminates in decimal, so this division is exact where it matters.
    as_decimal = Decimal(exact.numerator) / Decimal(exact.denominator)
    return scoring.lms_level(as_decimal, tuple(Decimal(str(t)) for t in thresholds))


def share_of(verified: int, active: int) -> Fraction:
    """``verified / active``; 0 when no official counts."""
    return Fraction(verified, active) if active else Fraction(0)
