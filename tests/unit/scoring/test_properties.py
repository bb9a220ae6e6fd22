"""Properties of the ranking that must hold for any scores (Hypothesis)."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Result, Rules, Ruleset, Score, compute, result_to_json
from tests.unit.scoring.factories import ruleset

JUDGES = ("J1", "J2", "J3", "J4")
AGGREGATIONS = ("mean", "median", "trimmed_mean")
VALUES = [Decimal(v) for v in range(5)]


@st.composite
def competitions(draw: st.DrawFn, top_n: bool = True) -> tuple[Ruleset, list[str], list[Score]]:
    """A small ruleset (optionally with a top-N PAP stage), 2-6 entrants and their scores, some
    missing; values are few so that ties happen often."""
    aggregation = draw(st.sampled_from(AGGREGATIONS))
    pap_top_n = draw(st.integers(1, 3)) if top_n else None
    rs = ruleset(rules=Rules(aggregation=aggregation), pap_top_n=pap_top_n, with_pap=True)  # type: ignore[arg-type]
    entrants = [f"D{i}" for i in range(draw(st.integers(2, 6)))]
    judges = JUDGES[: draw(st.integers(1, 4))]
    scores = []
    for entrant in entrants:
        for ind in rs.indicators:
            names = ("LMS",) if ind.kind == "lms" else judges
            for judge in names:
                value = draw(st.none() | st.sampled_from(VALUES[2:]))
                if value is not None:
                    scores.append(Score(judge, entrant, ind.code, value))
    return rs, entrants, scores


def _plain(result: Result) -> dict[str, Any]:
    return result_to_json(result)


SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(competitions(), st.randoms(use_true_random=False))
def test_permuting_entrants_or_judges_changes_nothing(
    competition: tuple[Ruleset, list[str], list[Score]], rnd: random.Random
) -> None:
    rs, entrants, scores = competition
    before = _plain(compute(rs, entrants, scores))
    shuffled_entrants = entrants[:]
    rnd.shuffle(shuffled_entrants)
    shuffled_scores = scores[:]
    rnd.shuffle(shuffled_scores)
    renamed = list(JUDGES)
    rnd.shuffle(renamed)
    rename = dict(zip(JUDGES, renamed, strict=True)) | {"LMS": "LMS"}
    relabelled = [replace(s, judge=rename[s.judge]) for s in shuffled_scores]
    assert _plain(compute(rs, shuffled_entrants, relabelled)) == before


@SETTINGS
@given(competitions(top_n=False), st.data())
def test_raising_one_score_never_lowers_that_entrants_total(
    competition: tuple[Ruleset, list[str], list[Score]], data: st.DataObject
) -> None:
    rs, entrants, scores = competition
    raisable = [i for i, s in enumerate(scores) if s.value < 4]
    if not raisable:
        return
    index = data.draw(st.sampled_from(raisable))
    raised = scores[:]
    raised[index] = replace(scores[index], value=scores[index].value + 1)
    entrant = scores[index].entrant
    before = compute(rs, entrants, scores).entrant(entrant).total
    after = compute(rs, entrants, raised).entrant(entrant).total
    assert after >= before


LEVELS = ("stages", "domains", "indicators")


@SETTINGS
@given(competitions(), st.sampled_from(LEVELS), st.sampled_from(["0.5", "2", "3", "7.25", "100"]))
def test_scaling_all_weights_of_a_level_changes_nothing(
    competition: tuple[Ruleset, list[str], list[Score]], level: str, factor: str
) -> None:
    rs, entrants, scores = competition
    items = getattr(rs, level)
    scaled = replace(rs, **{level: tuple(replace(i, weight=i.weight * Decimal(factor)) for i in items)})
    assert _plain(compute(scaled, entrants, scores)) == _plain(compute(rs, entrants, scores))


@SETTINGS
@given(competitions())
def test_the_ranks_form_a_valid_competition_ranking(
    competition: tuple[Ruleset, list[str], list[Score]],
) -> None:
    rs, entrants, scores = competition
    result = compute(rs, entrants, scores)
    ranks = [e.rank for e in result.entrants]
    assert sorted(ranks) == ranks
    assert ranks[0] == 1
    for e in result.entrants:
        ahead = sum(1 for other in result.entrants if other.rank < e.rank)
        sharing = sum(1 for other in result.entrants if other.rank == e.rank)
        assert e.rank == ahead + 1
        assert e.tied == (sharing > 1) == e.needs_pleno
        assert Decimal(0) <= e.total <= Decimal(100)
    # Entrants who reached more stages are never below those who reached fewer.
    depths = [len(e.reached) for e in result.entrants]
    assert depths == sorted(depths, reverse=True)
