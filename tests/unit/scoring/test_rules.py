"""The "standar" rules, one at a time, table-driven."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from scoring import (
    Abstention,
    InvalidInput,
    PlenoDecision,
    Rules,
    Score,
    compute,
    lms_level,
    render_table,
    report,
    result_to_json,
)
from scoring.combine import mean, median, normalize, trimmed_mean
from scoring.ranking import cut_off
from scoring.rounding import detail, round_half_up, text
from scoring.totals import weighted_total
from tests.unit.scoring.factories import D, flat, ruleset, scores_for


@pytest.mark.parametrize(
    ("values", "expected_mean", "expected_median", "expected_trimmed"),
    [
        (["3"], Fraction(3), Fraction(3), Fraction(3)),
        (["1", "4"], Fraction(5, 2), Fraction(5, 2), Fraction(5, 2)),
        (["1", "2", "4"], Fraction(7, 3), Fraction(2), Fraction(7, 3)),
        (["4", "0", "1", "2"], Fraction(7, 4), Fraction(3, 2), Fraction(3, 2)),
        (["0", "4", "4", "3", "1"], Fraction(12, 5), Fraction(3), Fraction(8, 3)),
        (["2.5", "3", "3.5"], Fraction(3), Fraction(3), Fraction(3)),
    ],
)
def test_combining_judges(
    values: list[str], expected_mean: Fraction, expected_median: Fraction, expected_trimmed: Fraction
) -> None:
    decimals = [Decimal(v) for v in values]
    assert (mean(decimals), median(decimals), trimmed_mean(decimals)) == (
        expected_mean,
        expected_median,
        expected_trimmed,
    )


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 2, "0.67"),
        (Decimal("84.125"), 2, "84.13"),
        (Decimal("84.124999"), 2, "84.12"),
        (Decimal("-0.005"), 2, "-0.01"),
        (Decimal("-0.004"), 2, "0.00"),
        (Fraction(763, 9), 2, "84.78"),
        (Fraction(1, 8), 4, "0.1250"),
        (0, 2, "0.00"),
        (Decimal("99.995"), 2, "100.00"),
    ],
)
def test_rounding_is_half_up_and_exact(value: Fraction | Decimal | int, places: int, expected: str) -> None:
    assert str(round_half_up(value, places)) == expected


def test_rounding_helpers() -> None:
    assert report(Fraction(1, 200)) == Decimal("0.01")
    assert detail(Fraction(1, 3)) == Decimal("0.3333")
    assert text(Decimal("84.5")) == "84.50"


@pytest.mark.parametrize(
    ("share", "level"),
    [
        ("0", 0),
        ("0.19", 0),
        ("0.2", 1),
        ("0.39", 1),
        ("0.40", 2),
        ("0.5999", 2),
        ("0.6", 3),
        ("0.79", 3),
        ("0.8", 4),
        ("1", 4),
    ],
)
def test_lms_rubric(share: str, level: int) -> None:
    assert lms_level(Decimal(share)) == level


def test_lms_thresholds_are_part_of_the_ruleset() -> None:
    assert lms_level(Decimal("0.5"), (Decimal("0.5"), Decimal("0.9"))) == 1


@pytest.mark.parametrize("share", ["-0.1", "1.01", "NaN"])
def test_lms_share_outside_zero_one_is_refused(share: str) -> None:
    with pytest.raises(ValueError, match="share"):
        lms_level(Decimal(share))


def test_stage_and_total_values_follow_the_formulas() -> None:
    # PEM.1.1 mean 2 (v .5), LMS 4 (v 1): ADM = 100 (2*.5 + 1)/3 = 66.67
    # KLAR: PEM v .25, MAS v 1: 100 (60*.25 + 40*1)/100 = 55; total (40*66.67+60*55)/100 = 59.67
    scores = scores_for(
        "A", {"PEM.1.1": [1, 2, 3], "PEM.2.4": [4], "PEM.2.2": [1, 1, 1], "MAS.1.2": [4, 4, 4]}
    )
    result = compute(ruleset(), ["A"], scores)
    a = result.entrant("A")
    assert a.stages == {"ADM": D("66.67"), "KLAR": D("55.00")}
    assert a.total == D("59.67")
    klar = a.detail[1]
    assert [(d.domain, d.value, d.contribution) for d in klar.domains] == [
        ("PEM", D("0.2500"), D("15.00")),
        ("MAS", D("1.0000"), D("40.00")),
    ]
    pem11 = a.detail[0].indicators[0]
    assert (pem11.indicator, pem11.scores, pem11.combined, pem11.value) == (
        "PEM.1.1",
        (("J1", D(1)), ("J2", D(2)), ("J3", D(3))),
        D("2.0000"),
        D("0.5000"),
    )


def test_a_stage_without_domains_is_a_weighted_mean_of_its_items() -> None:
    scores = flat("A", 4, pap=False) + scores_for("A", {"PAP.1": [2, 2, 2], "PAP.2": [4, 4, 4]})
    a = compute(ruleset(with_pap=True), ["A"], scores).entrant("A")
    # PAP = 100 (3 * .5 + 1 * 1) / 4 = 62.5; total = (40*100 + 60*100 + 20*62.5)/120 = 93.75
    assert a.stages["PAP"] == D("62.50")
    assert a.total == D("93.75")
    assert a.detail[2].domains == ()


def test_the_total_comes_from_exact_stage_values() -> None:
    # ADM 2/3 of 100 = 66.666..., KLAR 100: total (40 * 66.666... + 60 * 100)/100 = 86.666... -> 86.67,
    # while the printed ADM 66.67 would give 86.668 -> 86.67 as well; exactness shows in 1/3 thirds:
    scores = scores_for(
        "A", {"PEM.1.1": [4, 4, 0], "PEM.2.4": [4], "PEM.2.2": [4, 4, 4], "MAS.1.2": [4, 4, 4]}
    )
    a = compute(ruleset(), ["A"], scores).entrant("A")
    assert a.stages["ADM"] == D("77.78")  # 100 * (2 * 8/12 + 1) / 3 = 77.777...
    assert a.total == D("91.11")  # (40 * 77.777... + 6000) / 100 = 91.111...


def test_top_n_stage_applies_only_to_the_best_and_they_rank_above_the_rest() -> None:
    rs = ruleset(pap_top_n=2)
    # A and B (75 before PAP) reach PAP, B with a poor presentation (total 62.50); C (69 before PAP)
    # does not reach it, yet ranks below B.
    scores = flat("A", 4, pap=True) + flat("B", 3) + scores_for("B", {"PAP.1": [0, 0, 0], "PAP.2": [0, 0, 0]})
    scores += scores_for(
        "C", {"PEM.1.1": [3, 3, 3], "PEM.2.4": [3], "PEM.2.2": [3, 3, 3], "MAS.1.2": [2, 2, 2]}
    )
    result = compute(rs, ["C", "B", "A"], scores)
    assert [(e.entrant, e.rank, e.reached) for e in result.entrants] == [
        ("A", 1, ("ADM", "KLAR", "PAP")),
        ("B", 2, ("ADM", "KLAR", "PAP")),
        ("C", 3, ("ADM", "KLAR")),
    ]
    assert (result.entrant("B").total, result.entrant("C").total) == (D("62.50"), D("69.00"))
    assert "PAP" not in result.entrant("C").stages
    assert result.entrant("C").complete  # PAP items are not missing where PAP does not apply


def test_entrants_level_with_the_nth_all_go_through_the_cut_off() -> None:
    totals = {"A": D("90.00"), "B": D("80.00"), "C": D("80.00"), "D": D("70.00")}
    assert cut_off(["A", "B", "C", "D"], totals, 2) == ["A", "B", "C"]
    assert cut_off(["A", "B"], totals, 3) == ["A", "B"]


def test_the_first_metric_of_the_chain_settles() -> None:
    rs = ruleset()
    # The worked example: A has ADM 75, KLAR 88.33; B has ADM 100, KLAR 71.67; both total 83.00.
    a = scores_for("A", {"PEM.1.1": [3, 3, 3], "PEM.2.4": [3], "PEM.2.2": [4, 4, 3], "MAS.1.2": [3, 4, 3]})
    b = scores_for("B", {"PEM.1.1": [4, 4, 4], "PEM.2.4": [4], "PEM.2.2": [2, 3, 2], "MAS.1.2": [4, 3, 4]})
    result = compute(rs, ["B", "A"], a + b)
    assert [(e.entrant, e.rank, e.tie_break) for e in result.entrants] == [
        ("A", 1, "stage:KLAR"),
        ("B", 2, "stage:KLAR"),
    ]
    assert result.entrants[0].total == result.entrants[1].total


def test_the_second_and_third_metrics_settle_when_the_first_is_equal() -> None:
    # Same ADM, KLAR and total, but the PEM domain value differs (KLAR: PEM vs MAS swap keeps KLAR only
    # if weights are equal, so use weights 50/50 through a chain on domain:PEM after stage:ADM).
    rs = ruleset(rules=Rules(tie_breaks=("stage:ADM", "domain:PEM", "indicator:PEM.2.4")))
    a = scores_for("A", {"PEM.1.1": [2, 2, 2], "PEM.2.4": [4], "PEM.2.2": [4, 4, 4], "MAS.1.2": [1, 1, 1]})
    b = scores_for("B", {"PEM.1.1": [4, 4, 4], "PEM.2.4": [0], "PEM.2.2": [4, 4, 4], "MAS.1.2": [1, 1, 1]})
    result = compute(rs, ["A", "B"], a + b)
    # ADM: A = 100 (2*.5 + 1)/3 = 66.67, B = 100 (2*1 + 0)/3 = 66.67; domain:PEM over all: A (1+1+1)/4,
    # B (2+0+1)/4 -> equal; indicator:PEM.2.4: A 100 > B 0.
    assert [e.entrant for e in result.entrants] == ["A", "B"]
    assert result.entrant("A").tie_break == "indicator:PEM.2.4"
    assert not result.entrant("A").tied


def test_domain_metric_settles() -> None:
    rs = ruleset(rules=Rules(tie_breaks=("domain:MAS",)))
    a = scores_for("A", {"PEM.1.1": [4, 4, 4], "PEM.2.4": [4], "PEM.2.2": [1, 1, 1], "MAS.1.2": [4, 4, 4]})
    b = scores_for("B", {"PEM.1.1": [4, 4, 4], "PEM.2.4": [4], "PEM.2.2": [3, 3, 3], "MAS.1.2": [1, 1, 1]})
    # KLAR: A 100 (60*.25 + 40)/100 = 55, B 100 (60*.75 + 40*.25)/100 = 55: equal totals.
    result = compute(rs, ["A", "B"], a + b)
    assert [e.entrant for e in result.entrants] == ["A", "B"]
    assert result.entrants[0].tie_break == "domain:MAS"


def test_still_tied_entrants_share_a_competition_rank_and_need_the_pleno() -> None:
    scores = flat("A", 4) + flat("B", 3) + flat("C", 3) + flat("D", 2) + flat("E", 3)
    result = compute(ruleset(), ["E", "D", "C", "B", "A"], scores)
    assert [(e.entrant, e.rank, e.tied, e.needs_pleno) for e in result.entrants] == [
        ("A", 1, False, False),
        ("B", 2, True, True),
        ("C", 2, True, True),
        ("E", 2, True, True),
        ("D", 5, False, False),
    ]
    assert result.needs_pleno
    # Juara II and III are pending for the three tied; Harapan II goes to D (position 5).
    assert [(e.award, e.award_pending) for e in result.entrants] == [
        ("Juara I", False),
        (None, True),
        (None, True),
        (None, True),
        ("Harapan II", False),
    ]
    assert all(e.tie_break is None for e in result.entrants)


def test_a_tie_below_the_award_positions_leaves_no_award_pending() -> None:
    entrants = [f"E{i}" for i in range(8)]
    scores = [s for i, e in enumerate(entrants) for s in flat(e, 4 if i < 6 else 1)]
    result = compute(ruleset(rules=Rules(awards=("Juara I",))), entrants, scores)
    assert all(e.award_pending for e in result.entrants if e.total == D(100))
    low = [e for e in result.entrants if e.rank == 7]
    assert [(e.tied, e.award, e.award_pending) for e in low] == [(True, None, False), (True, None, False)]


def test_a_pleno_decision_orders_exactly_its_group_and_keeps_its_reason() -> None:
    scores = flat("A", 4) + flat("B", 3) + flat("C", 3) + flat("D", 3)
    decision = PlenoDecision(("D", "B", "C"), "Pertimbangan inovasi")
    stale = PlenoDecision(("A", "X"), "tidak berlaku")
    result = compute(ruleset(), ["A", "B", "C", "D", "X"], [*scores, *flat("X", 1)], [decision, stale])
    assert [(e.entrant, e.rank, e.decided_by_pleno, e.pleno_reason, e.award) for e in result.entrants] == [
        ("A", 1, False, None, "Juara I"),
        ("D", 2, True, "Pertimbangan inovasi", "Juara II"),
        ("B", 3, True, "Pertimbangan inovasi", "Juara III"),
        ("C", 4, True, "Pertimbangan inovasi", "Harapan I"),
        ("X", 5, False, None, "Harapan II"),
    ]
    assert result.unused_pleno == (stale,)
    assert not result.needs_pleno


def test_a_pleno_decision_for_part_of_a_group_does_not_apply() -> None:
    scores = flat("A", 3) + flat("B", 3) + flat("C", 3)
    partial = PlenoDecision(("A", "B"), "sebagian")
    result = compute(ruleset(), ["A", "B", "C"], scores, [partial])
    assert all(e.rank == 1 and e.needs_pleno for e in result.entrants)
    assert result.unused_pleno == (partial,)


def test_missing_scores_make_the_entrant_incomplete_and_count_as_zero() -> None:
    scores = [s for s in flat("A", 4) if s.indicator not in ("PEM.2.4", "MAS.1.2")] + flat("B", 4)
    result = compute(ruleset(), ["A", "B", "C"], scores)
    a = result.entrant("A")
    assert (a.complete, a.missing) == (False, ("PEM.2.4", "MAS.1.2"))
    assert a.stages == {"ADM": D("66.67"), "KLAR": D("60.00")}
    c = result.entrant("C")
    assert (c.complete, c.total, c.missing) == (
        False,
        D("0.00"),
        ("PEM.1.1", "PEM.2.4", "PEM.2.2", "MAS.1.2"),
    )
    assert result.provisional
    missing = [i for s in a.detail for i in s.indicators if i.missing]
    assert [(i.indicator, i.combined, i.value) for i in missing] == [
        ("PEM.2.4", None, D("0.0000")),
        ("MAS.1.2", None, D("0.0000")),
    ]


@pytest.mark.parametrize(
    ("values", "tolerance", "divergent"),
    [([1, 3, 3], "2", False), ([1, 4, 3], "2", True), ([0, 4, 2], "3", True), ([1, 4, 3], "3", False)],
)
def test_divergent_judges_are_flagged(values: list[int], tolerance: str, divergent: bool) -> None:
    scores = [s for s in flat("A", 2) if s.indicator != "PEM.2.2"] + scores_for("A", {"PEM.2.2": values})
    result = compute(ruleset(rules=Rules(divergence_tolerance=Decimal(tolerance))), ["A"], scores)
    assert result.entrant("A").divergent == (("PEM.2.2",) if divergent else ())


def test_an_abstaining_judge_is_left_out_not_counted_as_zero() -> None:
    scores = [s for s in flat("A", 4) if s.indicator != "PEM.2.2"]
    scores += scores_for("A", {"PEM.2.2": [4, 4, 0]})
    abstain = [Abstention("J3", "A", "PEM.2.2", "konflik kepentingan")]
    a = compute(ruleset(), ["A"], scores, abstentions=abstain).entrant("A")
    assert a.stages["KLAR"] == D("100.00")
    pem22 = a.detail[1].indicators[0]
    assert (pem22.scores, pem22.abstained) == ((("J1", D(4)), ("J2", D(4))), ("J3",))


def test_a_judge_abstaining_for_a_whole_entrant_is_left_out_everywhere() -> None:
    scores = [s for s in flat("A", 4) if s.judge != "J2"] + [
        Score("J2", "A", ind, D(0)) for ind in ("PEM.1.1", "PEM.2.2", "MAS.1.2")
    ]
    a = compute(ruleset(), ["A"], scores, abstentions=[Abstention("J2", "A")]).entrant("A")
    assert a.total == D("100.00")
    assert all(i.abstained == ("J2",) for s in a.detail for i in s.indicators)


def test_when_every_judge_abstains_the_indicator_is_missing() -> None:
    scores = flat("A", 4)
    abstain = [Abstention(j, "A", "MAS.1.2") for j in ("J1", "J2", "J3")]
    a = compute(ruleset(), ["A"], scores, abstentions=abstain).entrant("A")
    assert a.missing == ("MAS.1.2",)


@pytest.mark.parametrize(
    ("aggregation", "klar"), [("mean", "37.50"), ("median", "25.00"), ("trimmed_mean", "25.00")]
)
def test_the_aggregation_is_a_rule(aggregation: str, klar: str) -> None:
    judges = ("J1", "J2", "J3", "J4")
    scores = scores_for(
        "A", {"PEM.1.1": [4] * 4, "PEM.2.4": [4], "PEM.2.2": [0, 1, 1, 4], "MAS.1.2": [0, 1, 1, 4]}, judges
    )
    rules = Rules(aggregation=aggregation)  # type: ignore[arg-type]
    a = compute(ruleset(rules=rules), ["A"], scores).entrant("A")
    assert a.stages["KLAR"] == D(klar)


def test_zscore_normalization_is_reported_beside_the_raw_result() -> None:
    # J1 is harsh (scores 1 lower than J2 and J3); normalized, J1's spread matches the pool.
    rs = ruleset(rules=Rules(normalization="zscore"))
    scores = []
    for entrant, base in (("A", 3), ("B", 2), ("C", 1)):
        scores += scores_for(
            entrant,
            {
                "PEM.1.1": [base - 1, base, base],
                "PEM.2.4": [base],
                "PEM.2.2": [base - 1, base + 1, base],
                "MAS.1.2": [base - 1, base, base + 1],
            },
        )
    result = compute(rs, ["A", "B", "C"], scores)
    assert result.normalized is not None
    assert [e.entrant for e in result.entrants] == ["A", "B", "C"]
    assert [e.entrant for e in result.normalized.entrants] == ["A", "B", "C"]
    raw_a, norm_a = result.entrant("A"), result.normalized.entrant("A")
    assert raw_a.total != norm_a.total
    assert result_to_json(result)["normalized"]["entrants"][0]["entrant"] == "A"
    assert "Z-score normalized" in render_table(result, ("ADM", "KLAR"))
    # LMS values are never normalized.
    lms = next(i for s in norm_a.detail for i in s.indicators if i.indicator == "PEM.2.4")
    assert lms.scores == (("LMS", D(3)),)


def test_normalization_falls_back_to_raw_values() -> None:
    indicators = {i.code: i for i in ruleset().indicators}
    one_entrant = [Score("J1", "A", "PEM.1.1", D(3)), Score("J1", "A", "PEM.2.2", D(1))]
    flat_judge = [Score("J2", e, "PEM.1.1", D(2)) for e in ("A", "B")]
    varied = [Score("J3", "A", "PEM.1.1", D(0)), Score("J3", "B", "PEM.1.1", D(4))]
    scores = one_entrant + flat_judge + varied
    normalized = normalize(scores, indicators)
    assert normalized[:4] == scores[:4]
    assert normalized[4:] != varied
    assert all(Decimal(0) <= s.value <= Decimal(4) for s in normalized)


def test_entrants_without_any_score_still_appear() -> None:
    result = compute(ruleset(), ["A", "B"], flat("A", 2))
    assert [e.entrant for e in result.entrants] == ["A", "B"]
    assert result.entrant("B").missing == ("PEM.1.1", "PEM.2.4", "PEM.2.2", "MAS.1.2")


def test_compute_can_leave_out_the_drill_down() -> None:
    result = compute(ruleset(), ["A"], flat("A", 2), detail=False)
    assert result.entrant("A").detail == ()
    assert result.entrant("A").total == D("50.00")


def test_compute_refuses_unknown_codes_and_double_scores() -> None:
    bad = [Score("J1", "Z", "PEM.1.1", D(1)), Score("J1", "A", "NOPE", D(1))]
    with pytest.raises(InvalidInput) as caught:
        compute(ruleset(), ["A"], bad)
    assert [p.path for p in caught.value.problems] == ["scores[0].entrant", "scores[1].indicator"]
    twice = [*flat("A", 2), Score("J1", "A", "PEM.1.1", D(3))]
    with pytest.raises(InvalidInput, match="twice"):
        compute(ruleset(), ["A"], twice)


def test_compute_refuses_an_invalid_ruleset_entrants_or_pleno() -> None:
    with pytest.raises(InvalidInput, match="tie-break"):
        compute(ruleset(rules=Rules(tie_breaks=("stage:NOPE",))), ["A"], [])
    with pytest.raises(InvalidInput, match="duplicate entrant"):
        compute(ruleset(), ["A", "A"], [])
    with pytest.raises(InvalidInput, match="reason"):
        compute(ruleset(), ["A", "B"], [], [PlenoDecision(("A", "B"), " ")])


def test_weighted_total_of_no_stage_is_zero() -> None:
    assert weighted_total([]) == 0
    assert weighted_total([(Fraction(1), Fraction(50)), (Fraction(3), Fraction(10))]) == 20


def test_result_json_with_detail_is_complete_and_plain() -> None:
    result = compute(ruleset(), ["A", "B"], flat("A", 3) + flat("B", 3), [PlenoDecision(("A", "B"), "x")])
    data = result_to_json(result, detail=True)
    assert data["provisional"] is False
    assert data["needs_pleno"] is False
    assert data["unused_pleno"] == []
    first = data["entrants"][0]
    assert first["reached"] == ["ADM", "KLAR"]
    assert first["detail"][1]["domains"][0] == {
        "domain": "PEM",
        "weight": "60",
        "value": "0.7500",
        "contribution": "45.00",
    }
    assert first["detail"][0]["indicators"][0]["scores"] == {"J1": "3", "J2": "3", "J3": "3"}
    assert "normalized" not in data


def test_table_marks_ties_provisional_results_and_unused_decisions() -> None:
    scores = [s for s in flat("A", 3) if s.indicator != "MAS.1.2"] + flat("B", 3)
    scores += scores_for(
        "C", {"PEM.1.1": [0, 4, 4], "PEM.2.4": [1], "PEM.2.2": [1, 1, 1], "MAS.1.2": [1, 1, 1]}
    )
    result = compute(ruleset(), ["A", "B", "C"], scores, [PlenoDecision(("A", "C"), "lama")])
    table = render_table(result, ("ADM", "KLAR"))
    assert "missing MAS.1.2" in table
    assert "divergent PEM.1.1" in table
    assert "Provisional" in table
    assert "Unused pleno decision" in table
    decided = compute(
        ruleset(), ["A", "B"], flat("A", 3) + flat("B", 3), [PlenoDecision(("B", "A"), "musyawarah")]
    )
    assert "pleno: musyawarah" in render_table(decided, ("ADM", "KLAR"))
    tied = compute(ruleset(), ["A", "B"], flat("A", 3) + flat("B", 3))
    tied_table = render_table(tied, ("ADM", "KLAR", "PAP"))
    assert "1=" in tied_table
    assert "tied, needs pleno" in tied_table
    assert "(pending)" in tied_table
    assert "Ties remain" in tied_table
