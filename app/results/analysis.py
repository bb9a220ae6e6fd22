"""What the committee reads off a ``Ranking``: rows with badges, the drill-down, and the judges' agreement.

Words:
- *badge*: a short flag on a row: ``sheets`` (an assigned judge has not sent the sheet yet), ``incomplete`` (an
  indicator has no score yet, counted 0 meanwhile), ``divergent`` (judges' scores of an indicator spread beyond
  the tolerance), ``lms`` (the LMS value is provisional: a certificate check is missing, failed or pending),
  ``pleno`` (a tie the numbers and the tie-break chain leave for the pleno), ``decided`` (ordered by a pleno
  decision).
- *rank label*: the rank, with ``=`` when shared (``2=``).
- *stage ranking*: the entrants that reached a stage, ordered by the engine's reported stage value;
  equal values share a rank (no tie-break: only the overall ranking has one).
- *agreement*: per judge and stage, their scores as shares of the maximum (0..100): mean, spread
  (population standard deviation, lowest, highest), the panel's mean, and the *bias*: the mean
  difference between the judge's share and the combined share of the same indicator (negative =
  harsher than the panel). *Outlier score*: on a divergent indicator, the judge's score is the one
  furthest from the combined value (several judges when equally far).

Stage values, totals, combined values and contributions are the engine's; this module only orders
and groups them. The agreement figures are descriptive statistics of the raw scores (not part of any
ranking) and are computed here, exactly, then rounded half up like the engine's.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, TypeVar, cast

from app.i18n import N_, _
from app.results.repo import EntrantInfo
from app.results.services import Ranking
from scoring import LMS_JUDGE, EntrantResult, IndicatorDetail, StageDetail, report
from scoring.model import Aspect, Domain, Indicator, Stage

T = TypeVar("T")

BADGES: dict[str, str] = {
    "sheets": N_("sheets not sent"),
    "incomplete": N_("incomplete"),
    "divergent": N_("divergent"),
    "lms": N_("LMS provisional"),
    "pleno": N_("tie: waiting for the pleno"),
    "decided": N_("decided by the pleno"),
}


_MEMO_SIZE = 32
_memo: OrderedDict[tuple[Any, ...], tuple[Ranking, Any]] = OrderedDict()


def per_ranking(key: tuple[Any, ...], current: Ranking, make: Callable[[], T]) -> T:
    """``make()``, remembered for as long as ``current`` is the ranking in use (rankings are immutable;
    the cache in ``services`` hands out the same object while the inputs are unchanged)."""
    full = (id(current), *key)
    hit = _memo.get(full)
    if hit is not None and hit[0] is current:
        _memo.move_to_end(full)
        return cast(T, hit[1])
    value = make()
    _memo[full] = (current, value)
    while len(_memo) > _MEMO_SIZE:
        _memo.popitem(last=False)
    return value


def badge_labels(badges: tuple[str, ...]) -> list[str]:
    return [_(BADGES[b]) for b in badges]


@dataclass(frozen=True)
class RankRow:
    rank: int
    rank_label: str
    info: EntrantInfo
    result: EntrantResult
    value: Decimal  # the total (overall) or the stage value
    badges: tuple[str, ...]


def _label(rank: int, tied: bool) -> str:
    return f"{rank}=" if tied else str(rank)


def overall_rows(current: Ranking) -> list[RankRow]:
    inputs = current.inputs
    info = {e.code: e for e in inputs.entrants}
    rows = []
    for e in current.result.entrants:
        badges = []
        if e.entrant in inputs.open_sheets:
            badges.append("sheets")
        if not e.complete:
            badges.append("incomplete")
        if e.divergent:
            badges.append("divergent")
        if e.entrant in inputs.lms_provisional:
            badges.append("lms")
        if e.needs_pleno:
            badges.append("pleno")
        if e.decided_by_pleno:
            badges.append("decided")
        rows.append(RankRow(e.rank, _label(e.rank, e.tied), info[e.entrant], e, e.total, tuple(badges)))
    return rows


def stage_rows(current: Ranking, stage_code: str) -> list[RankRow]:
    """The entrants that reached ``stage_code``, by the engine's stage value (equal values share a rank)."""
    inputs = current.inputs
    info = {e.code: e for e in inputs.entrants}
    stage_of = {i.code: i.stage for i in inputs.ruleset.indicators}
    has_lms = any(i.kind == "lms" and i.stage == stage_code for i in inputs.ruleset.indicators)
    reached = [e for e in current.result.entrants if stage_code in e.stages]
    values = {e.entrant: report(e.stages[stage_code]) for e in reached}
    reached.sort(key=lambda e: (-values[e.entrant], info[e.entrant].name, e.entrant))
    counts: dict[Decimal, int] = defaultdict(int)
    for v in values.values():
        counts[v] += 1
    rows = []
    for e in reached:
        value = values[e.entrant]
        rank = 1 + sum(1 for v in values.values() if v > value)
        badges = []
        if any(sheet.startswith(stage_code + "/") for sheet in inputs.open_sheets.get(e.entrant, ())):
            badges.append("sheets")
        if any(stage_of.get(code) == stage_code for code in e.missing):
            badges.append("incomplete")
        if any(stage_of.get(code) == stage_code for code in e.divergent):
            badges.append("divergent")
        if has_lms and e.entrant in inputs.lms_provisional:
            badges.append("lms")
        rows.append(RankRow(rank, _label(rank, counts[value] > 1), info[e.entrant], e, value, tuple(badges)))
    return rows


# --- Why this number -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorWhy:
    indicator: Indicator
    detail: IndicatorDetail
    scores: tuple[Decimal | None, ...]  # one per judge column; None = no score
    abstained: tuple[bool, ...]
    normalized_value: Decimal | None = None


@dataclass(frozen=True)
class AspectWhy:
    aspect: Aspect | None
    indicators: tuple[IndicatorWhy, ...]


@dataclass(frozen=True)
class DomainWhy:
    domain: Domain | None
    weight: Decimal | None
    value: Decimal | None  # DV, 0..1
    contribution: Decimal | None  # points of the stage value
    normalized_contribution: Decimal | None
    aspects: tuple[AspectWhy, ...]


@dataclass(frozen=True)
class StageWhy:
    stage: Stage
    detail: StageDetail
    normalized_value: Decimal | None
    judges: tuple[tuple[str, str], ...]  # (username, full name) of the judge columns
    domains: tuple[DomainWhy, ...]


@dataclass(frozen=True)
class EntrantWhy:
    info: EntrantInfo
    row: RankRow
    stages: tuple[StageWhy, ...]
    normalized: EntrantResult | None
    lms_provisional: bool
    open_sheets: tuple[str, ...] = ()  # "STAGE/judge" assigned but not sent


def why(current: Ranking, code: str) -> EntrantWhy:
    """The drill-down of one entrant: stage → domain → aspect → indicator, each judge's score beside the
    combined value, weight and contribution (needs ``ranking(detail=True)``)."""
    inputs, result = current.inputs, current.result
    rs = inputs.ruleset
    row = next(r for r in overall_rows(current) if r.info.code == code)
    entrant = result.entrant(code)
    normalized = result.normalized.entrant(code) if result.normalized is not None else None
    norm_stages = {s.stage: s for s in normalized.detail} if normalized is not None else {}
    stages = []
    for sd in entrant.detail:
        nsd = norm_stages.get(sd.stage)
        norm_ind = {i.indicator: i.value for i in nsd.indicators} if nsd else {}
        norm_dom = {d.domain: d.contribution for d in nsd.domains} if nsd else {}
        judges = sorted({j for i in sd.indicators for j, _v in i.scores if j != LMS_JUDGE}
                        | {j for i in sd.indicators for j in i.abstained})
        judge_cols = tuple((j, inputs.judges.get(j, j)) for j in judges)

        def ind_why(d: IndicatorDetail, judges: list[str] = judges, norm_ind: dict = norm_ind) -> IndicatorWhy:  # type: ignore[type-arg]
            given = dict(d.scores)
            return IndicatorWhy(
                indicator=rs.indicator(d.indicator), detail=d,
                scores=tuple(given.get(j) for j in judges),
                abstained=tuple(j in d.abstained for j in judges),
                normalized_value=norm_ind.get(d.indicator),
            )

        by_domain: dict[str | None, list[IndicatorDetail]] = defaultdict(list)
        for d in sd.indicators:
            by_domain[d.domain].append(d)
        domains = []
        dom_detail = {d.domain: d for d in sd.domains}
        for dom_code, details in by_domain.items():
            dom = next((d for d in rs.domains if d.code == dom_code), None)
            aspects: dict[str | None, list[IndicatorWhy]] = defaultdict(list)
            for d in details:
                aspects[rs.indicator(d.indicator).aspect].append(ind_why(d))
            aspect_of = {a.code: a for a in dom.aspects} if dom else {}
            dd = dom_detail.get(dom_code) if dom_code else None
            domains.append(DomainWhy(
                domain=dom, weight=dd.weight if dd else None, value=dd.value if dd else None,
                contribution=dd.contribution if dd else None,
                normalized_contribution=norm_dom.get(dom_code) if dom_code else None,
                aspects=tuple(AspectWhy(aspect_of.get(a) if a else None, tuple(items)) for a, items in aspects.items()),
            ))
        stages.append(StageWhy(
            stage=rs.stage(sd.stage), detail=sd,
            normalized_value=normalized.stages.get(sd.stage) if normalized else None,
            judges=judge_cols, domains=tuple(domains),
        ))
    return EntrantWhy(
        info=row.info, row=row, stages=tuple(stages), normalized=normalized,
        lms_provisional=code in inputs.lms_provisional, open_sheets=inputs.open_sheets.get(code, ()),
    )


# --- Judges' agreement ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlier:
    info: EntrantInfo
    indicator: str
    score: Decimal
    combined: Decimal | None
    max: Decimal


@dataclass(frozen=True)
class JudgeStat:
    """One judge in one stage; shares are 0..100 (score / max × 100)."""

    judge: str
    name: str
    stage: str
    count: int
    mean: Decimal
    spread: Decimal  # population standard deviation
    low: Decimal
    high: Decimal
    panel_mean: Decimal
    bias: Decimal  # mean (judge share − combined share); negative = harsher than the panel
    outliers: tuple[Outlier, ...] = field(default=())


def agreement(current: Ranking) -> dict[str, list[JudgeStat]]:
    """Per stage code (ruleset order), the stats of every judge who scored in it (needs ``detail=True``).
    Computed in ``Decimal`` at 28 significant digits, then rounded half up to 2 decimals."""
    with localcontext() as ctx:
        ctx.prec = 28
        return _agreement(current)


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _agreement(current: Ranking) -> dict[str, list[JudgeStat]]:
    inputs = current.inputs
    info = {e.code: e for e in inputs.entrants}
    shares: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    gaps: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    outliers: dict[tuple[str, str], list[Outlier]] = defaultdict(list)
    for e in current.result.entrants:
        for sd in e.detail:
            for d in sd.indicators:
                judged = [(j, v) for j, v in d.scores if j != LMS_JUDGE]
                if not judged:
                    continue
                top = d.max
                if d.combined is None:
                    for j, v in judged:
                        shares[(sd.stage, j)].append(v / top)
                    continue
                combined = d.combined / top
                furthest = max(abs(v - d.combined) for _j, v in judged)
                for j, v in judged:
                    share = v / top
                    key = (sd.stage, j)
                    shares[key].append(share)
                    gaps[key].append(share - combined)
                    if d.divergent and abs(v - d.combined) == furthest:
                        outliers[key].append(Outlier(info[e.entrant], d.indicator, v, d.combined, top))
    out: dict[str, list[JudgeStat]] = {}
    hundred = Decimal(100)
    for stage in inputs.ruleset.stages:
        mine = sorted((judge, values) for (st, judge), values in shares.items() if st == stage.code)
        if not mine:
            continue
        panel_mean = _mean([s for _j, values in mine for s in values])
        stats = []
        for judge, values in mine:
            mean = _mean(values)
            variance = _mean([(v - mean) ** 2 for v in values])
            gap = gaps[(stage.code, judge)]
            stats.append(JudgeStat(
                judge=judge, name=inputs.judges.get(judge, judge), stage=stage.code, count=len(values),
                mean=report(mean * hundred), spread=report(variance.sqrt() * hundred),
                low=report(min(values) * hundred), high=report(max(values) * hundred),
                panel_mean=report(panel_mean * hundred), bias=report(_mean(gap) * hundred if gap else 0),
                outliers=tuple(outliers[(stage.code, judge)]),
            ))
        out[stage.code] = stats
    return out


@dataclass(frozen=True)
class StackedBar:
    label: str
    total: Decimal
    segments: tuple[tuple[str, Decimal], ...]  # (domain or stage code, points of the total)


def stacked_totals(current: Ranking) -> tuple[list[str], list[StackedBar]]:
    """Per entrant (rank order) the total split by domain: each stage's domain contributions weighted by
    the stage's share of the total (a stage without domains is one segment). Chart geometry only; the
    printed total is the engine's."""
    keys: list[str] = []
    bars = []
    for row in overall_rows(current):
        e = row.result
        weights = sum((Fraction(sd.weight) for sd in e.detail), Fraction(0))
        parts: dict[str, Fraction] = defaultdict(Fraction)
        for sd in e.detail:
            share = Fraction(sd.weight) / weights if weights else Fraction(0)
            if sd.domains:
                for d in sd.domains:
                    parts[d.domain] += Fraction(d.contribution) * share
            else:
                parts[sd.stage] += Fraction(sd.value) * share
        for k in parts:
            if k not in keys:
                keys.append(k)
        bars.append(StackedBar(
            f"{row.rank_label}. {row.info.name}", e.total,
            tuple((k, Decimal(v.numerator) / Decimal(v.denominator)) for k, v in parts.items()),
        ))
    return keys, bars
