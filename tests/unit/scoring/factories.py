"""Small rulesets and scores for the scoring tests, built with the public dataclasses."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from scoring import Aspect, Domain, Indicator, Rules, Ruleset, Score, Stage

D = Decimal


def ruleset(
    *,
    rules: Rules | None = None,
    pap_top_n: int | None = None,
    with_pap: bool = False,
) -> Ruleset:
    """ADM (40) and KLAR (60) over PEM (60) and MAS (40), like the worked example; optionally a
    PAP stage (weight 20) with two presentation items."""
    stages = [Stage("ADM", D(40)), Stage("KLAR", D(60))]
    indicators = [
        Indicator("PEM.1.1", "ADM", "PEM", D(4), D(2), aspect="PEM.1"),
        Indicator("PEM.2.4", "ADM", "PEM", D(4), D(1), kind="lms", aspect="PEM.2"),
        Indicator("PEM.2.2", "KLAR", "PEM", D(4), D(1), aspect="PEM.2"),
        Indicator("MAS.1.2", "KLAR", "MAS", D(4), D(1), aspect="MAS.1"),
    ]
    if with_pap or pap_top_n is not None:
        stages.append(Stage("PAP", D(20), only_top_n=pap_top_n))
        indicators += [
            Indicator("PAP.1", "PAP", None, D(4), D(3)),
            Indicator("PAP.2", "PAP", None, D(4), D(1)),
        ]
    return Ruleset(
        code="TEST",
        stages=tuple(stages),
        domains=(
            Domain("PEM", D(60), aspects=(Aspect("PEM.1"), Aspect("PEM.2"))),
            Domain("MAS", D(40), aspects=(Aspect("MAS.1"),)),
        ),
        indicators=tuple(indicators),
        rules=rules or Rules(),
    )


def scores_for(
    entrant: str, table: dict[str, Iterable[int | str]], judges: Iterable[str] = ("J1", "J2", "J3")
) -> list[Score]:
    """Scores of one entrant from ``{indicator: values in judge order}``; PEM.2.4 and other lms
    values go to the LMS judge."""
    out = []
    judge_list = list(judges)
    for indicator, values in table.items():
        values = list(values)
        names = ["LMS"] if indicator == "PEM.2.4" else judge_list[: len(values)]
        out += [Score(j, entrant, indicator, D(str(v))) for j, v in zip(names, values, strict=True)]
    return out


def flat(
    entrant: str, value: int, *, pap: bool = False, judges: Iterable[str] = ("J1", "J2", "J3")
) -> list[Score]:
    """Every judge gives ``value`` on every indicator (and the LMS level is ``value``)."""
    table: dict[str, list[int]] = {
        "PEM.1.1": [value] * 3,
        "PEM.2.4": [value],
        "PEM.2.2": [value] * 3,
        "MAS.1.2": [value] * 3,
    }
    if pap:
        table["PAP.1"] = [value] * 3
        table["PAP.2"] = [value] * 3
    return scores_for(entrant, table, judges)
