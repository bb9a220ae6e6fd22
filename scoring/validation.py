"""Checks of rulesets, scores and pleno decisions; each problem comes with its path.

Words:
- *path*: where a problem is, e.g. ``catalogue.domains[0].aspects[1].indicators[2].step`` for a ruleset
  read from YAML (see ``Locations``), ``indicators[5].step`` for one built in code, ``scores[12]`` for
  the 13th score given.
- *on step*: a value that is a whole number of steps from 0; an indicator's range is 0..max and its
  step must divide it.

These functions only report; they never fix or drop anything.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.model import (
    AGGREGATIONS,
    KINDS,
    LMS_JUDGE,
    NORMALIZATIONS,
    Abstention,
    PlenoDecision,
    Problem,
    Ruleset,
    Score,
)
from scoring.ranking import tie_break_problem


@dataclass(frozen=True)
class Locations:
    """Where each part of a ruleset came from, index-aligned with the ruleset's tuples."""

    stages: tuple[str, ...]
    domains: tuple[str, ...]
    aspects: tuple[tuple[str, ...], ...]
    indicators: tuple[str, ...]
    eligibility: tuple[str, ...]
    rules: str = "rules"
    stages_list: str = "stages"


def default_locations(ruleset: Ruleset) -> Locations:
    return Locations(
        stages=tuple(f"stages[{i}]" for i in range(len(ruleset.stages))),
        domains=tuple(f"domains[{i}]" for i in range(len(ruleset.domains))),
        aspects=tuple(
            tuple(f"domains[{i}].aspects[{j}]" for j in range(len(d.aspects)))
            for i, d in enumerate(ruleset.domains)
        ),
        indicators=tuple(f"indicators[{i}]" for i in range(len(ruleset.indicators))),
        eligibility=tuple(f"eligibility[{i}]" for i in range(len(ruleset.eligibility))),
    )


def _positive(value: Decimal) -> bool:
    return value.is_finite() and value > 0


def _duplicates(codes: Iterable[tuple[str, str]], what: str) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for code, path in codes:
        if code in seen:
            problems.append(
                Problem(f"{path}.code", f"duplicate {what} code {code!r} (first at {seen[code]})")
            )
        else:
            seen[code] = path
    return problems


def ruleset_problems(ruleset: Ruleset, locations: Locations | None = None) -> list[Problem]:
    """Every problem of a ruleset: unique codes, positive weights, max > 0, step dividing the range,
    known stages/domains/aspects, a valid top-N, known tie-breaks and sane rules."""
    at = locations or default_locations(ruleset)
    problems: list[Problem] = []
    problems += _duplicates(((s.code, at.stages[i]) for i, s in enumerate(ruleset.stages)), "stage")
    problems += _duplicates(((d.code, at.domains[i]) for i, d in enumerate(ruleset.domains)), "domain")
    problems += _duplicates(
        ((a.code, at.aspects[i][j]) for i, d in enumerate(ruleset.domains) for j, a in enumerate(d.aspects)),
        "aspect",
    )
    problems += _duplicates(
        ((ind.code, at.indicators[i]) for i, ind in enumerate(ruleset.indicators)), "indicator"
    )
    problems += _duplicates(
        ((e.code, at.eligibility[i]) for i, e in enumerate(ruleset.eligibility)), "eligibility"
    )
    problems += _stage_problems(ruleset, at)
    problems += _indicator_problems(ruleset, at)
    problems += _rules_problems(ruleset, at)
    return problems


def _stage_problems(ruleset: Ruleset, at: Locations) -> list[Problem]:
    problems = []
    if not ruleset.stages:
        problems.append(Problem(at.stages_list, "a ruleset needs at least one stage"))
    for i, stage in enumerate(ruleset.stages):
        path = at.stages[i]
        if not _positive(stage.weight):
            problems.append(Problem(f"{path}.weight", "weight must be a positive number"))
        if stage.only_top_n is not None:
            if stage.only_top_n < 1:
                problems.append(Problem(f"{path}.only_top_n", "only_top_n must be at least 1"))
            if i == 0:
                problems.append(Problem(f"{path}.only_top_n", "the first stage cannot be limited to a top-N"))
        indicators = [ind for ind in ruleset.indicators if ind.stage == stage.code]
        if not indicators:
            problems.append(Problem(path, f"stage {stage.code!r} has no indicators"))
        elif len({ind.domain is None for ind in indicators}) > 1:
            problems.append(Problem(path, f"stage {stage.code!r} mixes indicators with and without a domain"))
    for i, domain in enumerate(ruleset.domains):
        if not _positive(domain.weight):
            problems.append(Problem(f"{at.domains[i]}.weight", "weight must be a positive number"))
    return problems


def _indicator_problems(ruleset: Ruleset, at: Locations) -> list[Problem]:
    problems = []
    stages = {s.code for s in ruleset.stages}
    aspects = {d.code: {a.code for a in d.aspects} for d in ruleset.domains}
    levels = len(ruleset.rules.lms_thresholds)
    for i, ind in enumerate(ruleset.indicators):
        path = at.indicators[i]
        if ind.stage not in stages:
            problems.append(Problem(f"{path}.stage", f"unknown stage {ind.stage!r}"))
        if ind.domain is not None and ind.domain not in aspects:
            problems.append(Problem(f"{path}.domain", f"unknown domain {ind.domain!r}"))
        elif ind.domain is not None and ind.aspect is not None and ind.aspect not in aspects[ind.domain]:
            problems.append(
                Problem(f"{path}.aspect", f"unknown aspect {ind.aspect!r} of domain {ind.domain!r}")
            )
        if not _positive(ind.weight):
            problems.append(Problem(f"{path}.weight", "weight must be a positive number"))
        if not _positive(ind.max):
            problems.append(Problem(f"{path}.max", "max must be a positive number"))
        if not _positive(ind.step):
            problems.append(Problem(f"{path}.step", "step must be a positive number"))
        elif _positive(ind.max) and ind.max % ind.step != 0:
            problems.append(
                Problem(f"{path}.step", f"step {ind.step} does not divide the range 0..{ind.max}")
            )
        if ind.kind not in KINDS:
            problems.append(Problem(f"{path}.kind", f"kind must be one of {', '.join(KINDS)}"))
        elif ind.kind == "lms" and (ind.max != levels or ind.step != 1):
            problems.append(
                Problem(f"{path}.max", f"an lms indicator is scored 0..{levels} in steps of 1 (its levels)")
            )
    return problems


def _rules_problems(ruleset: Ruleset, at: Locations) -> list[Problem]:
    rules = ruleset.rules
    path = at.rules
    problems = []
    if rules.aggregation not in AGGREGATIONS:
        problems.append(
            Problem(f"{path}.aggregation", f"aggregation must be one of {', '.join(AGGREGATIONS)}")
        )
    if rules.normalization not in NORMALIZATIONS:
        problems.append(
            Problem(f"{path}.normalization", f"normalization must be one of {', '.join(NORMALIZATIONS)}")
        )
    for i, name in enumerate(rules.tie_breaks):
        message = tie_break_problem(name, ruleset)
        if message is not None:
            problems.append(Problem(f"{path}.tie_breaks[{i}]", message))
    if len(set(rules.awards)) != len(rules.awards) or not all(a.strip() for a in rules.awards):
        problems.append(Problem(f"{path}.awards", "award names must be distinct and not empty"))
    tolerance = rules.divergence_tolerance
    if not (tolerance.is_finite() and tolerance >= 0):
        problems.append(Problem(f"{path}.divergence_tolerance", "tolerance must be a number >= 0"))
    thresholds = rules.lms_thresholds
    if not (
        thresholds
        and all(t.is_finite() and 0 < t <= 1 for t in thresholds)
        and all(a < b for a, b in itertools.pairwise(thresholds))
    ):
        problems.append(Problem(f"{path}.lms_thresholds", "thresholds must be rising shares between 0 and 1"))
    return problems


def scores_problems(
    ruleset: Ruleset,
    entrants: Sequence[str],
    scores: Sequence[Score],
    abstentions: Sequence[Abstention] = (),
) -> list[Problem]:
    """Problems of scores before they are accepted: unknown entrant or indicator, a value out of
    0..max or off-step, a judge scoring an indicator twice, the ``LMS`` judge on a judge indicator
    or a judge on the ``lms`` indicator."""
    known = set(entrants)
    indicators = {ind.code: ind for ind in ruleset.indicators}
    problems: list[Problem] = []
    first_at: dict[tuple[str, str, str], int] = {}
    for i, score in enumerate(scores):
        path = f"scores[{i}]"
        if score.entrant not in known:
            problems.append(Problem(f"{path}.entrant", f"unknown entrant {score.entrant!r}"))
        ind = indicators.get(score.indicator)
        if ind is None:
            problems.append(Problem(f"{path}.indicator", f"unknown indicator {score.indicator!r}"))
            continue
        key = (score.judge, score.entrant, score.indicator)
        if key in first_at:
            problems.append(
                Problem(
                    path,
                    f"judge {score.judge!r} scored {score.indicator} of {score.entrant!r} twice "
                    f"(first at scores[{first_at[key]}])",
                )
            )
        else:
            first_at[key] = i
        if ind.kind == "lms" and score.judge != LMS_JUDGE:
            problems.append(
                Problem(f"{path}.judge", f"{ind.code} is an lms indicator: its judge is {LMS_JUDGE}")
            )
        elif ind.kind != "lms" and score.judge == LMS_JUDGE:
            problems.append(Problem(f"{path}.judge", f"judge {LMS_JUDGE} only scores lms indicators"))
        value = score.value
        if not value.is_finite() or not 0 <= value <= ind.max:
            problems.append(Problem(f"{path}.value", f"value {value} is outside 0..{ind.max} for {ind.code}"))
        elif value % ind.step != 0:
            problems.append(Problem(f"{path}.value", f"value {value} is not a multiple of step {ind.step}"))
    for i, abstention in enumerate(abstentions):
        path = f"abstentions[{i}]"
        if abstention.entrant not in known:
            problems.append(Problem(f"{path}.entrant", f"unknown entrant {abstention.entrant!r}"))
        if abstention.indicator is not None and abstention.indicator not in indicators:
            problems.append(Problem(f"{path}.indicator", f"unknown indicator {abstention.indicator!r}"))
    return problems


def entrants_problems(entrants: Sequence[str]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, code in enumerate(entrants):
        if not code:
            problems.append(Problem(f"entrants[{i}]", "an entrant code cannot be empty"))
        elif code in seen:
            problems.append(Problem(f"entrants[{i}]", f"duplicate entrant {code!r}"))
        seen.add(code)
    return problems


def pleno_problems(decisions: Sequence[PlenoDecision], entrants: Sequence[str]) -> list[Problem]:
    """A decision orders at least 2 known entrants, each once, names each entrant in one decision
    only, and records its reason."""
    known = set(entrants)
    decided: dict[str, int] = {}
    problems = []
    for i, decision in enumerate(decisions):
        path = f"pleno[{i}]"
        if len(decision.order) < 2:
            problems.append(Problem(f"{path}.order", "a pleno decision orders at least 2 entrants"))
        for j, entrant in enumerate(decision.order):
            if entrant not in known:
                problems.append(Problem(f"{path}.order[{j}]", f"unknown entrant {entrant!r}"))
            elif entrant in decided:
                where = (
                    "earlier in this decision" if decided[entrant] == i else f"in pleno[{decided[entrant]}]"
                )
                problems.append(
                    Problem(f"{path}.order[{j}]", f"entrant {entrant!r} is already ordered {where}")
                )
            else:
                decided[entrant] = i
        if not decision.reason.strip():
            problems.append(Problem(f"{path}.reason", "a pleno decision records its reason"))
    return problems
