"""Lomba Desa scoring: how judges' scores become a ranking a committee can defend in public.

This package is the pure core. It takes frozen values in (a ``Ruleset``, the entrants, ``Score``s,
``Abstention``s, ``PlenoDecision``s) and gives a frozen ``Result`` back. It reads no database, web,
HTTP, clock or randomness; numbers are ``Decimal`` in and out, and exact fractions in between.
``lomba-desa score RULESET.yaml SCORES.csv`` (``scoring.command``) recomputes any result from files.

Glossary
--------
stage (tahap)
    ADM (Penilaian Administrasi), KLAR (Klarifikasi Lapangan), PAP (Pemaparan)...; each has a
    weight V_s; a stage with a top-N applies only to the N best entrants by the total before it.
domain (bidang), aspect (aspek)
    PEM, WIL, MAS with weights W_d; aspects only group indicators. Presentation items have no domain.
indicator
    one rubric line scored 0..max in steps of ``step``, with a weight w_i within its domain (or its
    stage, for presentation items); kind ``judge``, or ``lms`` whose value is the LMS level.
entrant, judge
    a village (a string code) and a judge (a string id); the judge ``LMS`` carries LMS levels.
pleno
    the committee meeting that orders what the numbers leave tied, and records its reason.

The default rules ("standar")
-----------------------------
1. For each entrant and indicator the judges who count are combined by ``mean`` (default),
   ``median`` (even count: mean of the two middle values) or ``trimmed_mean`` (with 4 or more
   scores drop one highest and one lowest, else the mean). A judge who declared a conflict or
   abstained is left out, never counted as 0.
2. The indicator value is ``v = combined / max`` (0..1).
3. A stage with domains is worth ``100 * sum(W_d * DV_d) / sum(W_d)`` over the domains that have
   indicators in it, where ``DV_d = sum(w_i * v_i) / sum(w_i)`` over the domain's indicators in that
   stage. A stage without domains (PAP) is worth ``100 * sum(w_i * v_i) / sum(w_i)``.
4. The total is ``sum(V_s * SV_s) / sum(V_s)`` over the stages that apply to the entrant.
5. Everything is computed exactly; stage values and totals are reported rounded half up to
   2 decimals, and every comparison uses the reported numbers (what the committee prints and reads).
   The total comes from the exact stage values, so it can differ by 0.01 from a total recomputed
   from the printed stage values.
6. Entrants that reached a top-N stage rank above those that did not; then by total, descending.
   Equal totals go through the tie-break chain, by default ``stage:KLAR`` (the KLAR stage value),
   ``domain:PEM`` (DV of PEM over all its indicators) and ``indicator:PEM.2.4`` (the LMS indicator),
   each x100 at 2 decimals, higher first. Entrants still tied share a competition rank
   ("1, 2, 2, 4") and are marked ``tied`` and ``needs_pleno``, unless a pleno decision orders exactly
   that group: then ranks follow the decision, marked ``decided_by_pleno`` with its reason.
   At a top-N cut-off, entrants level with the N-th go through too.
7. Awards follow the final position: Juara I, II, III, Harapan I, II, III (from the ruleset). A still
   tied group on an award position leaves the award pending.
8. An indicator without any score makes the entrant incomplete (``missing`` lists it) and counts 0
   meanwhile; the ranking is then provisional.
9. An indicator whose judges' scores spread (max - min) by more than the tolerance (default 2 rubric
   points) is flagged ``divergent`` for that entrant.
10. LMS: the share of active officials with a verified certificate gives level 0 (<20%), 1 (20-39%),
    2 (40-59%), 3 (60-79%), 4 (>=80%) (``lms_level``; thresholds are in the rules).
11. Optional z-score normalization (``normalization: zscore``): for judge j in stage s, with
    u = score / max, m_j and d_j the mean and population standard deviation of j's u in s, and M_s,
    D_s those of all judges in s, ``u' = M_s + D_s * (u - m_j) / d_j`` (clamped to 0..1) replaces u.
    A judge with fewer than 2 entrants in s, or with d_j = 0, keeps the raw values. The normalized
    result is reported beside the raw one (``Result.normalized``), never instead of it; it is
    advisory, so pleno decisions apply to the raw ranking only.

Worked example
--------------
Stages ADM (V 40) and KLAR (V 60); domains PEM (W 60) and MAS (W 40); every indicator 0..4, step 1.
Scores of judges J1, J2, J3 in that order; PEM.2.4 is the LMS level.

    indicator  stage  domain  w  Sukamaju  Mekarsari  Karanganyar
    PEM.1.1    ADM    PEM     2  3 3 3     4 4 4      1 4 3
    PEM.2.4    ADM    PEM     1  3         4          2
    PEM.2.2    KLAR   PEM     1  4 4 3     2 3 2      3 3 3
    MAS.1.2    KLAR   MAS     1  3 4 3     4 3 4      3 2 3

Sukamaju: PEM.1.1 has mean 3, v = 0.75; PEM.2.4 is 3, v = 0.75; ADM has one domain, so
ADM = 100 * (2 * 0.75 + 1 * 0.75) / 3 = 75.00. In KLAR, PEM.2.2 has mean 11/3, v = 11/12 (DV of PEM);
MAS.1.2 has mean 10/3, v = 10/12 (DV of MAS); KLAR = 100 * (60 * 11/12 + 40 * 10/12) / 100 = 88.33.
Total = (40 * 75 + 60 * 88.333...) / 100 = 83.00.
Mekarsari: ADM = 100.00, KLAR = 100 * (60 * 7/12 + 40 * 11/12) / 100 = 71.67, total = 83.00.
The totals tie; the first tie-break, stage:KLAR, puts Sukamaju (88.33) above Mekarsari (71.67).
Karanganyar's judges gave PEM.1.1 scores 1 and 4: a spread of 3 > 2, so it is flagged divergent.

    rank  entrant      ADM     KLAR   total  award      note
    1     Sukamaju     75.00   88.33  83.00  Juara I    tie settled by stage:KLAR
    2     Mekarsari    100.00  71.67  83.00  Juara II   tie settled by stage:KLAR
    3     Karanganyar  61.11   71.67  67.44  Juara III  divergent PEM.1.1

The same inputs are in ``tests/unit/scoring/data/worked_*`` and this table is a golden test.

Public API
----------
``compute``, ``validate_ruleset``, ``validate_scores``, ``validate_pleno``, ``parse_ruleset``,
``check_ruleset``, ``load_ruleset``, ``ruleset_to_dict``, ``result_to_json``, ``render_table``,
``lms_level``, the rounding policy ``report``, and the model dataclasses.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.catalogue import check_ruleset, parse_ruleset, ruleset_to_dict
from scoring.engine import compute
from scoring.files import load_ruleset
from scoring.lms import lms_level
from scoring.model import (
    LMS_JUDGE,
    Abstention,
    Aspect,
    Domain,
    DomainDetail,
    EligibilityItem,
    EntrantResult,
    Indicator,
    IndicatorDetail,
    InvalidInput,
    PlenoDecision,
    Problem,
    Result,
    Rules,
    Ruleset,
    Score,
    Stage,
    StageDetail,
)
from scoring.report import render_table, result_to_json
from scoring.rounding import report
from scoring.validation import pleno_problems, ruleset_problems, scores_problems


def validate_ruleset(ruleset: Ruleset) -> list[Problem]:
    """Every problem of a ruleset built in code (paths like ``indicators[3].step``)."""
    return ruleset_problems(ruleset)


def validate_scores(
    ruleset: Ruleset,
    entrants: Sequence[str],
    scores: Sequence[Score],
    abstentions: Sequence[Abstention] = (),
) -> list[Problem]:
    """Problems of scores before accepting them (paths ``scores[i]``): unknown codes, out of range,
    off-step, scored twice, LMS judge mismatch."""
    return scores_problems(ruleset, entrants, scores, abstentions)


def validate_pleno(decisions: Sequence[PlenoDecision], entrants: Sequence[str]) -> list[Problem]:
    """Problems of pleno decisions (paths ``pleno[i]``)."""
    return pleno_problems(decisions, entrants)


__all__ = [
    "LMS_JUDGE",
    "Abstention",
    "Aspect",
    "Domain",
    "DomainDetail",
    "EligibilityItem",
    "EntrantResult",
    "Indicator",
    "IndicatorDetail",
    "InvalidInput",
    "PlenoDecision",
    "Problem",
    "Result",
    "Rules",
    "Ruleset",
    "Score",
    "Stage",
    "StageDetail",
    "check_ruleset",
    "compute",
    "lms_level",
    "load_ruleset",
    "parse_ruleset",
    "render_table",
    "report",
    "result_to_json",
    "ruleset_to_dict",
    "validate_pleno",
    "validate_ruleset",
    "validate_scores",
]
