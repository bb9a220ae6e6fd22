"""Combining the judges of one indicator into one value, and the optional z-score normalization.

Words:
- *combined value*: one number per (entrant, indicator) made from the judges' scores that count
  (a judge who declared a conflict or abstained does not count; such a judge is left out, not scored 0).
- ``mean``: the arithmetic mean. ``median``: the middle value; with an even count the mean of the two
  middle values. ``trimmed_mean``: with 4 or more scores, drop one highest and one lowest and take the
  mean of the rest; with fewer, the mean.
- *z-score normalization* (optional, advisory): see ``normalize``.

Combined values are exact ``Fraction``s. This module knows nothing of stages' weights or ranking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction

from scoring.model import Indicator, Score

#: Normalized scores are carried at this many decimals (the square root makes them inexact anyway).
NORMALIZED_PLACES = 12


def mean(values: Sequence[Decimal]) -> Fraction:
    return Fraction(sum(values, Decimal(0))) / len(values)


def median(values: Sequence[Decimal]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle]) / 2


def trimmed_mean(values: Sequence[Decimal]) -> Fraction:
    if len(values) < 4:
        return mean(values)
    ordered = sorted(values)
    return mean(ordered[1:-1])


AGGREGATORS: dict[str, Callable[[Sequence[Decimal]], Fraction]] = {
    "mean": mean,
    "median": median,
    "trimmed_mean": trimmed_mean,
}


def _mean_and_deviation(values: Sequence[Fraction]) -> tuple[Fraction, Fraction]:
    """Mean and population standard deviation; the square root at 40 significant digits."""
    centre = sum(values, Fraction(0)) / len(values)
    variance = sum(((v - centre) ** 2 for v in values), Fraction(0)) / len(values)
    with localcontext() as ctx:
        ctx.prec = 40
        deviation = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
    return centre, Fraction(deviation)


def normalize(scores: Iterable[Score], indicators: dict[str, Indicator]) -> list[Score]:
    """Z-score normalization of each judge's values within a stage.

    For judge j in stage s, take every value j gave there as a share of its maximum, u = x / max.
    With m_j, d_j the mean and (population) standard deviation of j's shares in s, and M_s, D_s those
    of all judges' shares in s, the normalized share is ``u' = M_s + D_s * (u - m_j) / d_j``, clamped
    to 0..1, and the normalized score is ``u' * max``, carried at ``NORMALIZED_PLACES`` decimals.
    A judge who scored fewer than 2 entrants in s, or gave every entrant the same share (d_j = 0),
    keeps the raw values. ``lms`` indicators are never normalized.
    """
    materialized = list(scores)
    by_judge: dict[tuple[str, str], list[Score]] = defaultdict(list)
    for score in materialized:
        indicator = indicators[score.indicator]
        if indicator.kind == "judge":
            by_judge[(score.judge, indicator.stage)].append(score)

    def share(score: Score) -> Fraction:
        return Fraction(score.value) / Fraction(indicators[score.indicator].max)

    pooled: dict[str, list[Fraction]] = defaultdict(list)
    for (_judge, stage), judged in by_judge.items():
        pooled[stage].extend(share(s) for s in judged)
    stage_stats = {stage: _mean_and_deviation(shares) for stage, shares in pooled.items()}

    replaced: dict[int, Score] = {}
    quantum = Decimal(1).scaleb(-NORMALIZED_PLACES)
    for (_judge, stage), judged in by_judge.items():
        if len({s.entrant for s in judged}) < 2:
            continue
        judge_mean, judge_deviation = _mean_and_deviation([share(s) for s in judged])
        if judge_deviation == 0:
            continue
        stage_mean, stage_deviation = stage_stats[stage]
        for score in judged:
            normalized = stage_mean + stage_deviation * (share(score) - judge_mean) / judge_deviation
            normalized = min(max(normalized, Fraction(0)), Fraction(1))
            exact = normalized * Fraction(indicators[score.indicator].max)
            value = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(quantum)
            replaced[id(score)] = Score(score.judge, score.entrant, score.indicator, value)
    return [replaced.get(id(s), s) for s in materialized]
