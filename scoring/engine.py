"""``compute``: from a ruleset, entrants, scores, abstentions and pleno decisions to a ``Result``.

Words:
- *counting score*: a score whose judge has not abstained (for that indicator or the whole entrant).
- *reached stages*: the stages that apply to an entrant; a top-N stage applies to the N best entrants
  by the reported total over the stages before it (entrants level with the N-th go through too).

``compute`` refuses an invalid ruleset, duplicate entrants, unknown codes, a judge scoring an indicator
twice and invalid pleno decisions (``InvalidInput`` with every problem). It trusts ``validate_scores``
for ranges and steps: call that before accepting values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction

from scoring import rounding
from scoring.combine import AGGREGATORS, normalize
from scoring.model import (
    Abstention,
    DomainDetail,
    EntrantResult,
    IndicatorDetail,
    InvalidInput,
    PlenoDecision,
    Problem,
    Result,
    Ruleset,
    Score,
    StageDetail,
)
from scoring.ranking import Standing, cut_off, rank
from scoring.totals import (
    HUNDRED,
    Combiner,
    IndicatorOutcome,
    StagePlan,
    plan_stages,
    stage_value,
    weighted_total,
)
from scoring.validation import entrants_problems, pleno_problems, ruleset_problems

Abstained = Mapping[str, Mapping[str | None, tuple[str, ...]]]


def compute(
    ruleset: Ruleset,
    entrants: Sequence[str],
    scores: Iterable[Score],
    pleno: Sequence[PlenoDecision] = (),
    abstentions: Sequence[Abstention] = (),
    *,
    detail: bool = True,
) -> Result:
    """Rank ``entrants`` under ``ruleset``. Entrants without any score still appear (incomplete).

    With ``detail=False`` the per-entrant drill-down is left empty (faster, smaller)."""
    problems = ruleset_problems(ruleset) + entrants_problems(entrants) + pleno_problems(pleno, entrants)
    if problems:
        raise InvalidInput(problems)
    counting, abstained = _counting(scores, abstentions)
    result = _compute(ruleset, entrants, counting, pleno, abstained, detail)
    if ruleset.rules.normalization == "zscore":
        indicators = {ind.code: ind for ind in ruleset.indicators}
        normalized = normalize(counting, indicators)
        result = replace(result, normalized=_compute(ruleset, entrants, normalized, (), abstained, detail))
    return result


def _counting(scores: Iterable[Score], abstentions: Sequence[Abstention]) -> tuple[list[Score], Abstained]:
    if not abstentions:
        return list(scores), {}
    whole = {(a.judge, a.entrant) for a in abstentions if a.indicator is None}
    single = {(a.judge, a.entrant, a.indicator) for a in abstentions}
    counting = [
        s
        for s in scores
        if (s.judge, s.entrant) not in whole and (s.judge, s.entrant, s.indicator) not in single
    ]
    abstained: dict[str, dict[str | None, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in abstentions:
        abstained[a.entrant][a.indicator].append(a.judge)
    frozen = {e: {i: tuple(sorted(set(j))) for i, j in per.items()} for e, per in abstained.items()}
    return counting, frozen


def _group(
    ruleset: Ruleset, entrants: Sequence[str], scores: Iterable[Score]
) -> dict[str, dict[str, list[Score]]]:
    known_indicators = {ind.code for ind in ruleset.indicators}
    groups: dict[str, dict[str, list[Score]]] = {e: {} for e in entrants}
    problems = []
    for i, score in enumerate(scores):
        group = groups.get(score.entrant)
        if group is None:
            problems.append(Problem(f"scores[{i}].entrant", f"unknown entrant {score.entrant!r}"))
        elif score.indicator not in known_indicators:
            problems.append(Problem(f"scores[{i}].indicator", f"unknown indicator {score.indicator!r}"))
        else:
            group.setdefault(score.indicator, []).append(score)
    for entrant, group in groups.items():
        for indicator, listed in group.items():
            if len(listed) > 1 and len({s.judge for s in listed}) != len(listed):
                problems.append(Problem("scores", f"a judge scored {indicator} of {entrant!r} twice"))
    if problems:
        raise InvalidInput(problems)
    return groups


def _compute(
    ruleset: Ruleset,
    entrants: Sequence[str],
    scores: Iterable[Score],
    pleno: Sequence[PlenoDecision],
    abstained: Abstained,
    detail: bool,
) -> Result:
    groups = _group(ruleset, entrants, scores)
    plans = plan_stages(ruleset)
    combine = Combiner(AGGREGATORS[ruleset.rules.aggregation], ruleset.rules.divergence_tolerance)

    outcomes: dict[str, dict[str, IndicatorOutcome]] = {e: {} for e in entrants}
    values: dict[str, dict[str, Fraction]] = {e: {} for e in entrants}
    stage_values: dict[str, dict[str, Fraction]] = {e: {} for e in entrants}
    part_values: dict[tuple[str, str], list[Fraction]] = {}
    eligible = list(entrants)
    for plan in plans:
        if plan.only_top_n is not None:
            running = {e: rounding.report(_total(plans, stage_values[e])) for e in eligible}
            eligible = cut_off(eligible, running, plan.only_top_n)
        for entrant in eligible:
            group = groups[entrant]
            found = outcomes[entrant]
            vals = values[entrant]
            for part in plan.parts:
                for ind in part.indicators:
                    outcome = combine(group.get(ind.code, ()), ind.max)
                    found[ind.code] = outcome
                    vals[ind.code] = outcome.combination.value
            value, parts = stage_value(plan, vals)
            stage_values[entrant][plan.code] = value
            part_values[(entrant, plan.code)] = parts

    standings = [
        Standing(
            entrant=e,
            reached=tuple(stage_values[e]),
            total=rounding.report(_total(plans, stage_values[e])),
            stage_values=stage_values[e],
            values=values[e],
        )
        for e in entrants
    ]
    placements, unused = rank(standings, ruleset, pleno)
    by_entrant = {s.entrant: s for s in standings}
    order = {ind.code: n for n, ind in enumerate(ruleset.indicators)}
    results = []
    for placement in placements:
        standing = by_entrant[placement.entrant]
        found = outcomes[placement.entrant]
        missing = sorted(
            (c for c, o in found.items() if o.combination.combined is None), key=order.__getitem__
        )
        divergent = sorted((c for c, o in found.items() if o.combination.divergent), key=order.__getitem__)
        results.append(
            EntrantResult(
                entrant=placement.entrant,
                rank=placement.rank,
                tied=placement.tied,
                needs_pleno=placement.needs_pleno,
                decided_by_pleno=placement.decided_by_pleno,
                pleno_reason=placement.pleno_reason,
                award=placement.award,
                award_pending=placement.award_pending,
                total=standing.total,
                stages={code: rounding.report(v) for code, v in standing.stage_values.items()},
                reached=standing.reached,
                complete=not missing,
                missing=tuple(missing),
                divergent=tuple(divergent),
                tie_break=placement.tie_break,
                detail=_detail(ruleset, plans, standing, found, part_values, abstained) if detail else (),
            )
        )
    return Result(
        entrants=tuple(results),
        provisional=any(not r.complete for r in results),
        needs_pleno=any(r.needs_pleno for r in results),
        unused_pleno=unused,
    )


def _total(plans: Sequence[StagePlan], stage_values: Mapping[str, Fraction]) -> Fraction:
    return weighted_total((p.weight, stage_values[p.code]) for p in plans if p.code in stage_values)


def _detail(
    ruleset: Ruleset,
    plans: Sequence[StagePlan],
    standing: Standing,
    outcomes: Mapping[str, IndicatorOutcome],
    part_values: Mapping[tuple[str, str], list[Fraction]],
    abstained: Abstained,
) -> tuple[StageDetail, ...]:
    indicators = {ind.code: ind for ind in ruleset.indicators}
    domains = {d.code: d for d in ruleset.domains}
    stages = {s.code: s for s in ruleset.stages}
    left_out = abstained.get(standing.entrant, {})
    whole = left_out.get(None, ())
    details = []
    for plan in plans:
        if plan.code not in standing.stage_values:
            continue
        parts = part_values[(standing.entrant, plan.code)]
        domain_details = tuple(
            DomainDetail(
                domain=part.domain,
                weight=domains[part.domain].weight,
                value=rounding.detail(dv),
                contribution=rounding.report(HUNDRED * part.weight * dv / plan.weight_sum),
            )
            for part, dv in zip(plan.parts, parts, strict=True)
            if part.domain is not None
        )
        indicator_details = []
        for part in plan.parts:
            for ind_plan in part.indicators:
                ind = indicators[ind_plan.code]
                outcome = outcomes[ind.code]
                combination = outcome.combination
                indicator_details.append(
                    IndicatorDetail(
                        indicator=ind.code,
                        stage=ind.stage,
                        domain=ind.domain,
                        weight=ind.weight,
                        max=ind.max,
                        scores=tuple(sorted((s.judge, s.value) for s in outcome.scores)),
                        abstained=tuple(sorted({*whole, *left_out.get(ind.code, ())})) if left_out else (),
                        combined=combination.combined_shown,
                        value=combination.value_shown,
                        missing=combination.combined is None,
                        divergent=combination.divergent,
                    )
                )
        details.append(
            StageDetail(
                stage=plan.code,
                weight=stages[plan.code].weight,
                value=rounding.report(standing.stage_values[plan.code]),
                domains=domain_details,
                indicators=tuple(indicator_details),
            )
        )
    return tuple(details)
