"""Database rows → the scoring engine's values. The only place that builds ``scoring`` dataclasses.

Words: the *inputs* of a competition are its ruleset (stages, domains, aspects, indicators of the
current criteria version, and the rules), its entrants (village region codes), the counted scores
(the latest *active* submitted version of every sheet, plus the LMS level of each village as the
judge ``LMS``), the abstentions (declared conflicts of interest) and the pleno decisions.
Judges are identified by their username.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.competitions import repo as competitions_repo
from app.competitions.tables import (
    Aspect as AspectRow,
)
from app.competitions.tables import (
    Assignment,
    Competition,
    Conflict,
)
from app.competitions.tables import (
    Domain as DomainRow,
)
from app.competitions.tables import (
    Indicator as IndicatorRow,
)
from app.competitions.tables import (
    Stage as StageRow,
)
from app.judging.tables import Submission
from app.officials.lms_level import lms_level
from app.officials.repo import lms_shares
from app.results.tables import PlenoDecision as PlenoRow
from scoring import LMS_JUDGE, Abstention, PlenoDecision, Ruleset, Score
from scoring.model import Aspect, Domain, Indicator, Rules, Stage


@dataclass(frozen=True)
class EntrantInfo:
    id: int
    code: str
    name: str
    kecamatan: str


@dataclass(frozen=True)
class Inputs:
    competition_id: int
    ruleset: Ruleset
    entrants: tuple[EntrantInfo, ...]
    scores: tuple[Score, ...]
    abstentions: tuple[Abstention, ...]
    pleno: tuple[PlenoDecision, ...]
    # Entrants whose LMS value is provisional (a check is missing, failed or pending).
    lms_provisional: frozenset[str] = frozenset()
    judges: dict[str, str] = field(default_factory=dict)  # username -> full name
    # Entrant code -> the assigned sheets ("STAGE/judge") without a counted submission (conflicts excepted).
    open_sheets: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def entrant(self, code: str) -> EntrantInfo:
        return next(e for e in self.entrants if e.code == code)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _rules(raw: dict[str, Any]) -> Rules:
    """The competition's rule options over the defaults (only keys that are set)."""
    base = Rules()
    values: dict[str, Any] = {}
    if raw.get("aggregation"):
        values["aggregation"] = raw["aggregation"]
    if raw.get("tie_breaks") is not None:
        values["tie_breaks"] = tuple(raw["tie_breaks"])
    if raw.get("awards") is not None:
        values["awards"] = tuple(raw["awards"])
    if raw.get("divergence_tolerance") is not None:
        values["divergence_tolerance"] = Decimal(str(raw["divergence_tolerance"]))
    if raw.get("lms_thresholds") is not None:
        values["lms_thresholds"] = tuple(Decimal(str(t)) for t in raw["lms_thresholds"])
    if raw.get("normalization"):
        values["normalization"] = raw["normalization"]
    return Rules(**{**base.__dict__, **values})


async def ruleset(competition_id: int) -> Ruleset:
    comp = await Competition.select(
        Competition.rules, Competition.level, Competition.track, Competition.criteria_version
    ).where(Competition.id == competition_id).first()
    if comp is None:
        raise LookupError(competition_id)
    version_id = await competitions_repo.current_version_id(competition_id)
    stages = await StageRow.select().where(StageRow.competition == competition_id).order_by(StageRow.position)
    domains = await DomainRow.select().where(DomainRow.version == version_id).order_by(DomainRow.position)
    aspects = await AspectRow.select(AspectRow.all_columns(), AspectRow.domain.code).where(
        AspectRow.domain.version == version_id
    ).order_by(AspectRow.position)
    indicators = await IndicatorRow.select(
        IndicatorRow.all_columns(), IndicatorRow.aspect.code, IndicatorRow.aspect.domain.code
    ).where(IndicatorRow.version == version_id).order_by(IndicatorRow.position)
    return Ruleset(
        code=f"competition-{competition_id}-v{comp['criteria_version']}",
        level=comp["level"],
        track=comp["track"],
        rules=_rules(_json(comp["rules"]) or {}),
        stages=tuple(
            Stage(code=s["code"], weight=s["weight"], name=s["name"], only_top_n=s["top_n"]) for s in stages
        ),
        domains=tuple(
            Domain(
                code=d["code"], weight=d["weight"], name=d["name"],
                aspects=tuple(
                    Aspect(code=a["code"], name=a["name"]) for a in aspects if a["domain.code"] == d["code"]
                ),
            )
            for d in domains
        ),
        indicators=tuple(
            Indicator(
                code=i["code"], stage=i["stage_code"], domain=i["aspect.domain.code"], max=i["max_value"],
                weight=i["weight"], step=i["step"], kind=i["kind"], name=i["name"], aspect=i["aspect.code"],
                evidence=i["evidence"] or None,
                rubric=tuple(sorted((int(k), str(v)) for k, v in (_json(i["rubric"]) or {}).items())),
            )
            for i in indicators
        ),
    )


async def counted_submissions(competition_id: int) -> list[dict[str, Any]]:
    """The latest active version of every sheet of the competition (what rankings read)."""
    rows = await Submission.select(
        Submission.id, Submission.entrant, Submission.stage.code, Submission.judge.username,
        Submission.version, Submission.values, Submission.submitted_at,
    ).where(
        (Submission.stage.competition.id == competition_id) & (Submission.status == "active")
    ).order_by(Submission.version)
    latest: dict[tuple[int, str, str], dict[str, Any]] = {}
    for row in rows:
        latest[(row["entrant"], row["stage.code"], row["judge.username"])] = row
    return list(latest.values())


async def load_inputs(competition_id: int) -> Inputs:
    rules = await ruleset(competition_id)
    entrant_rows = await competitions_repo.entrants(competition_id)
    entrants = tuple(EntrantInfo(e["id"], e["code"], e["name"], e["kecamatan"]) for e in entrant_rows)
    code_of = {e.id: e.code for e in entrants}
    stage_of = {i.code: i.stage for i in rules.indicators}
    judge_indicators = {i.code for i in rules.indicators if i.kind == "judge"}
    scores: list[Score] = []
    submissions = await counted_submissions(competition_id)
    for sub in submissions:
        for code, raw in (_json(sub["values"]) or {}).items():
            # A sheet only counts for the indicators of its own stage (a value for another stage's
            # indicator can only come from a changed catalogue, and is ignored rather than guessed at).
            if code in judge_indicators and stage_of[code] == sub["stage.code"] and raw not in (None, ""):
                scores.append(Score(sub["judge.username"], code_of[sub["entrant"]], code, Decimal(str(raw))))
    provisional: set[str] = set()
    lms_indicators = [i for i in rules.indicators if i.kind == "lms"]
    if lms_indicators:
        shares = await lms_shares(competition_id)
        for e in entrants:
            share = shares[e.id]
            if share.provisional:
                provisional.add(e.code)
            if share.active:
                level = lms_level(
                    _fraction(share.verified, share.active), rules.rules.lms_thresholds
                )
                for ind in lms_indicators:
                    scores.append(Score(LMS_JUDGE, e.code, ind.code, Decimal(level)))
    conflicts = await Conflict.select(Conflict.entrant, Conflict.judge.username, Conflict.reason).where(
        Conflict.entrant.competition.id == competition_id
    )
    abstentions = tuple(
        Abstention(c["judge.username"], code_of[c["entrant"]], None, c["reason"]) for c in conflicts
        if c["entrant"] in code_of
    )
    pleno_rows = await PlenoRow.select().where(
        (PlenoRow.competition == competition_id) & (PlenoRow.withdrawn.eq(False))
    ).order_by(PlenoRow.id)
    pleno = tuple(PlenoDecision(tuple(_json(p["entrant_order"])), p["reason"]) for p in pleno_rows)
    from app.auth.tables import User

    sent = {(s["entrant"], s["stage.code"], s["judge.username"]) for s in submissions}
    conflicted = {(c["entrant"], c["judge.username"]) for c in conflicts}
    open_sheets: dict[str, list[str]] = {}
    for a in await Assignment.select(Assignment.entrant, Assignment.stage.code, Assignment.judge.username).where(
        Assignment.stage.competition.id == competition_id
    ).order_by(Assignment.id):
        key = (a["entrant"], a["stage.code"], a["judge.username"])
        if key not in sent and (a["entrant"], a["judge.username"]) not in conflicted and a["entrant"] in code_of:
            open_sheets.setdefault(code_of[a["entrant"]], []).append(f"{a['stage.code']}/{a['judge.username']}")

    judges = {u["username"]: u["full_name"] for u in await User.select(User.username, User.full_name)}
    return Inputs(
        competition_id=competition_id,
        ruleset=rules,
        entrants=entrants,
        scores=tuple(scores),
        abstentions=abstentions,
        pleno=pleno,
        lms_provisional=frozenset(provisional),
        judges=judges,
        open_sheets={code: tuple(sheets) for code, sheets in open_sheets.items()},
    )


def _fraction(verified: int, active: int) -> Any:
    from fractions import Fraction

    return Fraction(verified, active)
