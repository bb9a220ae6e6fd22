"""The values the scoring core takes in and gives back.

Words:
- *ruleset*: the catalogue of a competition edition (stages, domains with their aspects, indicators,
  eligibility checks) plus the *rules* (how judges are combined, the tie-break chain, the awards...).
- *stage* (tahap): ADM, KLAR, PAP...; a stage with ``only_top_n`` applies only to the N best entrants.
- *domain* (bidang) and *aspect* (aspek): how indicators are grouped; presentation items have no domain.
- *indicator*: one scored line of the rubric, 0..``max`` in steps of ``step``; ``kind`` is ``judge``
  (scored by judges) or ``lms`` (its value comes from the certificate checks, judge ``LMS``).
- *entrant*: a village taking part, identified by a string code; *judge*: a string id.
- *score*: one judge's value for one indicator of one entrant; *abstention*: a judge left out
  (conflict of interest or abstained) for one indicator or, with ``indicator=None``, a whole entrant.
- *pleno decision*: the committee's order for a group of entrants the numbers leave tied, with a reason.

Everything here is a frozen dataclass; numbers are ``Decimal``. Nothing here computes: see
``totals``, ``ranking`` and ``scoring.compute``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Kind = Literal["judge", "lms"]
Aggregation = Literal["mean", "median", "trimmed_mean"]
Normalization = Literal["none", "zscore"]

AGGREGATIONS: tuple[str, ...] = ("mean", "median", "trimmed_mean")
NORMALIZATIONS: tuple[str, ...] = ("none", "zscore")
KINDS: tuple[str, ...] = ("judge", "lms")

#: The judge id that carries the value of ``lms`` indicators.
LMS_JUDGE = "LMS"

DEFAULT_TIE_BREAKS: tuple[str, ...] = ("stage:KLAR", "domain:PEM", "indicator:PEM.2.4")
DEFAULT_AWARDS: tuple[str, ...] = (
    "Juara I",
    "Juara II",
    "Juara III",
    "Harapan I",
    "Harapan II",
    "Harapan III",
)
DEFAULT_LMS_THRESHOLDS: tuple[Decimal, ...] = (
    Decimal("0.20"),
    Decimal("0.40"),
    Decimal("0.60"),
    Decimal("0.80"),
)

#: Descriptive key/value pairs kept as they came (e.g. ``src``, ``denominator``) so a ruleset
#: survives a round trip through YAML.
Extra = tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (``path``, and ``file``/``line`` when read from a file)
    and what."""

    path: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where = f"{where}:{self.line}"
        if where:
            return f"{where}: {self.path}: {self.message}"
        return f"{self.path}: {self.message}"


class InvalidInput(ValueError):
    """Raised with every problem found, never with only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Stage:
    code: str
    weight: Decimal
    name: str = ""
    only_top_n: int | None = None
    extra: Extra = ()


@dataclass(frozen=True)
class Aspect:
    code: str
    name: str = ""
    extra: Extra = ()


@dataclass(frozen=True)
class Domain:
    code: str
    weight: Decimal
    name: str = ""
    aspects: tuple[Aspect, ...] = ()
    extra: Extra = ()


@dataclass(frozen=True)
class Indicator:
    code: str
    stage: str
    domain: str | None
    max: Decimal
    weight: Decimal
    step: Decimal = Decimal(1)
    kind: Kind = "judge"
    name: str = ""
    aspect: str | None = None
    evidence: str | None = None
    rubric: tuple[tuple[int, str], ...] = ()
    extra: Extra = ()


@dataclass(frozen=True)
class EligibilityItem:
    code: str
    name: str = ""
    evidence: str | None = None
    extra: Extra = ()


@dataclass(frozen=True)
class Rules:
    """How scores become a ranking; the defaults are the "standar" rules."""

    aggregation: Aggregation = "mean"
    tie_breaks: tuple[str, ...] = DEFAULT_TIE_BREAKS
    awards: tuple[str, ...] = DEFAULT_AWARDS
    divergence_tolerance: Decimal = Decimal(2)
    lms_thresholds: tuple[Decimal, ...] = DEFAULT_LMS_THRESHOLDS
    normalization: Normalization = "none"


@dataclass(frozen=True)
class Ruleset:
    code: str
    stages: tuple[Stage, ...]
    domains: tuple[Domain, ...]
    indicators: tuple[Indicator, ...]
    rules: Rules = field(default_factory=Rules)
    level: str = ""
    track: str = ""
    eligibility: tuple[EligibilityItem, ...] = ()

    def stage(self, code: str) -> Stage:
        return next(s for s in self.stages if s.code == code)

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)


@dataclass(frozen=True, slots=True)
class Score:
    judge: str
    entrant: str
    indicator: str
    value: Decimal


@dataclass(frozen=True)
class Abstention:
    """A judge left out for one indicator of an entrant, or for the whole entrant (``indicator=None``)."""

    judge: str
    entrant: str
    indicator: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class PlenoDecision:
    """The committee's order for a group the numbers leave tied: applies to a still-tied group whose
    members are exactly the entrants of ``order``."""

    order: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class IndicatorDetail:
    """Why an indicator has its value for one entrant. ``combined`` and ``value`` (v = combined/max)
    are rounded to 4 decimals for display; the reported numbers come from the exact values."""

    indicator: str
    stage: str
    domain: str | None
    weight: Decimal
    max: Decimal
    scores: tuple[tuple[str, Decimal], ...]
    abstained: tuple[str, ...]
    combined: Decimal | None
    value: Decimal
    missing: bool
    divergent: bool


@dataclass(frozen=True)
class DomainDetail:
    """A domain's share of a stage: ``value`` is DV (0..1, 4 decimals); ``contribution`` is the points
    it adds to the stage value (2 decimals, display only)."""

    domain: str
    weight: Decimal
    value: Decimal
    contribution: Decimal


@dataclass(frozen=True)
class StageDetail:
    stage: str
    weight: Decimal
    value: Decimal
    domains: tuple[DomainDetail, ...]
    indicators: tuple[IndicatorDetail, ...]


@dataclass(frozen=True)
class EntrantResult:
    entrant: str
    rank: int
    tied: bool
    needs_pleno: bool
    decided_by_pleno: bool
    pleno_reason: str | None
    award: str | None
    award_pending: bool
    total: Decimal
    stages: Mapping[str, Decimal]
    reached: tuple[str, ...]
    complete: bool
    missing: tuple[str, ...]
    divergent: tuple[str, ...]
    tie_break: str | None
    detail: tuple[StageDetail, ...] = ()


@dataclass(frozen=True)
class Result:
    """The ranking: ``entrants`` sorted by rank (a still-tied group by entrant code, for display only).

    ``provisional`` is true while any entrant is incomplete; ``unused_pleno`` lists decisions that match
    no tied group (stale or mistyped); ``normalized`` is the z-score result beside the raw one when the
    rules ask for it."""

    entrants: tuple[EntrantResult, ...]
    provisional: bool
    needs_pleno: bool
    unused_pleno: tuple[PlenoDecision, ...] = ()
    normalized: Result | None = None

    def entrant(self, code: str) -> EntrantResult:
        return next(e for e in self.entrants if e.entrant == code)
