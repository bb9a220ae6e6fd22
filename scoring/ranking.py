"""Ranks, the tie-break chain, pleno decisions, top-N cut-offs and awards.

Words:
- *standing*: what ranking needs to know of an entrant: the stages that apply to it (``reached``),
  its reported total, and its exact stage values and indicator values (v) for the tie-breaks.
- *competition ranking*: "1, 2, 2, 4": an entrant's rank is 1 + the number of entrants strictly ahead.
- *tie-break chain*: an ordered list of named metrics (``stage:KLAR``, ``domain:PEM``,
  ``indicator:PEM.2.4``) looked up in ``METRICS``; each is compared x100 at 2 decimals, higher first.
  A metric that does not apply to an entrant (a stage it did not reach) counts below any value.
- *still tied*: equal on the reached stages, the total and every metric of the chain. Such a group
  shares a rank and needs the pleno, unless a pleno decision names exactly its members.
- *award position*: rank r gets ``awards[r-1]``; a still-tied group on an award position leaves the
  award pending for all its members.

Ties are never broken by accident: entrant codes order a still-tied group for display only.
This module does not compute stage values or totals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring import rounding
from scoring.model import PlenoDecision, Ruleset

HUNDRED = Fraction(100)


@dataclass(frozen=True)
class Standing:
    entrant: str
    reached: tuple[str, ...]
    total: Decimal
    stage_values: Mapping[str, Fraction]
    values: Mapping[str, Fraction]


@dataclass(frozen=True)
class Placement:
    entrant: str
    rank: int
    tied: bool
    needs_pleno: bool
    decided_by_pleno: bool
    pleno_reason: str | None
    award: str | None
    award_pending: bool
    tie_break: str | None


Metric = Callable[[Ruleset, Standing, str], Decimal | None]


def _stage_metric(ruleset: Ruleset, standing: Standing, code: str) -> Decimal | None:
    value = standing.stage_values.get(code)
    return None if value is None else rounding.report(value)


def _domain_metric(ruleset: Ruleset, standing: Standing, code: str) -> Decimal | None:
    weighted = Fraction(0)
    weights = Fraction(0)
    for ind in ruleset.indicators:
        if ind.domain == code and ind.stage in standing.reached:
            weighted += Fraction(ind.weight) * standing.values[ind.code]
            weights += Fraction(ind.weight)
    return rounding.report(HUNDRED * weighted / weights) if weights else None


def _indicator_metric(ruleset: Ruleset, standing: Standing, code: str) -> Decimal | None:
    value = standing.values.get(code)
    return None if value is None else rounding.report(HUNDRED * value)


#: The tie-break registry: ``kind:code`` names look up ``METRICS[kind]`` with ``code``.
METRICS: dict[str, Metric] = {
    "stage": _stage_metric,
    "domain": _domain_metric,
    "indicator": _indicator_metric,
}


def tie_break_problem(name: str, ruleset: Ruleset) -> str | None:
    """Why a tie-break name cannot be used with this ruleset, or None when it can."""
    kind, _, code = name.partition(":")
    known = {
        "stage": {s.code for s in ruleset.stages},
        "domain": {d.code for d in ruleset.domains},
        "indicator": {i.code for i in ruleset.indicators},
    }
    if kind not in METRICS:
        return f"unknown tie-break {name!r}: use one of stage:CODE, domain:CODE, indicator:CODE"
    if code not in known[kind]:
        return f"tie-break {name!r} names no {kind} of this ruleset"
    return None


def cut_off(entrants: Sequence[str], totals: Mapping[str, Decimal], top_n: int) -> list[str]:
    """The ``top_n`` best entrants by their reported running total, keeping the given order.

    An entrant level with the N-th best is admitted too (more than N go through), so a cut-off
    never breaks a tie by accident."""
    if len(entrants) <= top_n:
        return list(entrants)
    threshold = sorted((totals[e] for e in entrants), reverse=True)[top_n - 1]
    return [e for e in entrants if totals[e] >= threshold]


_ABSENT = Decimal(-1)


def _first_difference(a: tuple[Decimal, ...], b: tuple[Decimal, ...]) -> int | None:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), None)


def rank(
    standings: Sequence[Standing],
    ruleset: Ruleset,
    pleno: Sequence[PlenoDecision] = (),
) -> tuple[list[Placement], tuple[PlenoDecision, ...]]:
    """Place every entrant; returns the placements in rank order and the unused pleno decisions."""
    chain = ruleset.rules.tie_breaks
    ordered = sorted(standings, key=lambda s: (-len(s.reached), -s.total, s.entrant))

    # Equal on reach and total: a tie group, which the chain splits into still-tied groups.
    tie_groups: list[list[Standing]] = []
    for standing in ordered:
        previous = tie_groups[-1][0] if tie_groups else None
        if previous is not None and (len(previous.reached), previous.total) == (
            len(standing.reached),
            standing.total,
        ):
            tie_groups[-1].append(standing)
        else:
            tie_groups.append([standing])

    decisions = {frozenset(d.order): d for d in pleno}
    used: set[frozenset[str]] = set()
    placements: list[Placement] = []
    for group in tie_groups:
        if len(group) == 1:
            placements.append(_place(group[0].entrant, len(placements) + 1, False, None, {}, ruleset))
            continue
        keys = {s.entrant: _chain_key(ruleset, s, chain) for s in group}
        separated_by: dict[str, str | None] = {}
        for s in group:
            firsts = [_first_difference(keys[s.entrant], keys[o.entrant]) for o in group if o is not s]
            found = [i for i in firsts if i is not None]
            separated_by[s.entrant] = chain[min(found)] if found else None
        group.sort(key=lambda s: (tuple(-k for k in keys[s.entrant]), s.entrant))
        still_tied: list[list[Standing]] = []
        for s in group:
            if still_tied and keys[still_tied[-1][0].entrant] == keys[s.entrant]:
                still_tied[-1].append(s)
            else:
                still_tied.append([s])
        for members in still_tied:
            position = len(placements) + 1
            names = frozenset(s.entrant for s in members)
            decision = decisions.get(names) if len(members) > 1 else None
            if decision is not None:
                used.add(names)
                for offset, entrant in enumerate(decision.order):
                    placements.append(
                        _place(entrant, position + offset, False, decision.reason, separated_by, ruleset)
                    )
            elif len(members) == 1:
                placements.append(_place(members[0].entrant, position, False, None, separated_by, ruleset))
            else:
                placements.extend(
                    _place(s.entrant, position, True, None, separated_by, ruleset) for s in members
                )
    unused = tuple(d for d in pleno if frozenset(d.order) not in used)
    return placements, unused


def _chain_key(ruleset: Ruleset, standing: Standing, chain: Sequence[str]) -> tuple[Decimal, ...]:
    key = []
    for name in chain:
        kind, _, code = name.partition(":")
        value = METRICS[kind](ruleset, standing, code)
        key.append(_ABSENT if value is None else value)
    return tuple(key)


def _place(
    entrant: str,
    position: int,
    tied: bool,
    reason: str | None,
    separated_by: Mapping[str, str | None],
    ruleset: Ruleset,
) -> Placement:
    awards = ruleset.rules.awards
    on_award = position <= len(awards)
    return Placement(
        entrant=entrant,
        rank=position,
        tied=tied,
        needs_pleno=tied,
        decided_by_pleno=reason is not None,
        pleno_reason=reason,
        award=awards[position - 1] if on_award and not tied else None,
        award_pending=on_award and tied,
        tie_break=separated_by.get(entrant),
    )
