"""Reading and writing score sheets: plain dicts in and out, no rules.

The rules (what may be submitted, what counts) are in ``services.py``; this module only knows the
tables. JSON columns are read with ``load_json`` so both databases give dicts.
"""

from __future__ import annotations

import uuid
from typing import Any

from app.auth.tables import User
from app.competitions.tables import Assignment, Conflict, Entrant, Indicator, Stage
from app.judging.tables import EvidenceFile, SheetDraft, SheetUnlock, Submission
from app.regions.tables import Region

SUBMISSION_FIELDS = (
    Submission.id, Submission.entrant, Submission.stage, Submission.judge, Submission.version,
    Submission.replaces_version, Submission.client_uuid, Submission.content_hash, Submission.values,
    Submission.notes, Submission.remark, Submission.submitted_by, Submission.submitted_at,
    Submission.device_time, Submission.source, Submission.status, Submission.confirmed_by,
    Submission.confirmed_at,
)


async def assignment(judge_id: int, entrant_id: int, stage_code: str) -> dict[str, Any] | None:
    """The judge's assignment to this entrant and stage, with what a sheet page needs to know."""
    return await Assignment.select(
        Assignment.id,
        Assignment.indicator_groups,
        Assignment.stage.id.as_alias("stage_id"),
        Assignment.stage.name.as_alias("stage_name"),
        Assignment.stage.competition.id.as_alias("competition_id"),
        Assignment.stage.competition.name.as_alias("competition_name"),
        Assignment.stage.competition.status.as_alias("competition_status"),
        Assignment.stage.competition.criteria_version.as_alias("criteria_number"),
        Assignment.stage.competition.scores_released.as_alias("scores_released"),
        Assignment.entrant.region.code.as_alias("village_code"),
        Assignment.entrant.region.name.as_alias("village"),
    ).where(
        (Assignment.judge == judge_id) & (Assignment.entrant == entrant_id) & (Assignment.stage.code == stage_code)
    ).output(load_json=True).first()


async def sheet_exists(entrant_id: int, stage_code: str) -> bool:
    """True when the entrant exists and its competition has this stage."""
    entrant = await Entrant.select(Entrant.competition).where(Entrant.id == entrant_id).first()
    if entrant is None:
        return False
    return await Stage.exists().where((Stage.competition == entrant["competition"]) & (Stage.code == stage_code))


async def has_conflict(judge_id: int, entrant_id: int) -> bool:
    return await Conflict.exists().where((Conflict.judge == judge_id) & (Conflict.entrant == entrant_id))


async def indicators(competition_id: int, criteria_number: int, stage_code: str) -> list[dict[str, Any]]:
    """The judge-scored indicators of a stage in the competition's current criteria version."""
    return await Indicator.select(
        Indicator.code, Indicator.name, Indicator.max_value, Indicator.step, Indicator.rubric,
        Indicator.evidence, Indicator.position,
        Indicator.aspect.code.as_alias("aspect_code"), Indicator.aspect.name.as_alias("aspect_name"),
        Indicator.aspect.domain.code.as_alias("domain_code"), Indicator.aspect.domain.name.as_alias("domain_name"),
    ).where(
        (Indicator.version.competition == competition_id)
        & (Indicator.version.number == criteria_number)
        & (Indicator.stage_code == stage_code)
        & (Indicator.kind == "judge")
    ).order_by(Indicator.position).output(load_json=True)


async def submissions(entrant_id: int, stage_id: int, judge_id: int) -> list[dict[str, Any]]:
    """Every version of one sheet, oldest first."""
    return await Submission.select(*SUBMISSION_FIELDS).where(
        (Submission.entrant == entrant_id) & (Submission.stage == stage_id) & (Submission.judge == judge_id)
    ).order_by(Submission.version).output(load_json=True)


async def submission_by_uuid(client_uuid: uuid.UUID) -> dict[str, Any] | None:
    return await Submission.select(*SUBMISSION_FIELDS).where(
        Submission.client_uuid == client_uuid
    ).output(load_json=True).first()


async def insert_submission(**fields: Any) -> int:
    rows = await Submission.insert(Submission(**fields)).returning(Submission.id)
    return int(rows[0]["id"])


async def set_submission_status(submission_id: int, status: str, confirmed_by: int, at: Any) -> None:
    await Submission.update(
        {Submission.status: status, Submission.confirmed_by: confirmed_by, Submission.confirmed_at: at}
    ).where(Submission.id == submission_id)


async def last_unlock(entrant_id: int, stage_id: int, judge_id: int) -> int:
    """The highest ``after_version`` of the sheet's unlocks (0 when never unlocked)."""
    rows = await SheetUnlock.select(SheetUnlock.after_version).where(
        (SheetUnlock.entrant == entrant_id) & (SheetUnlock.stage == stage_id) & (SheetUnlock.judge == judge_id)
    )
    return max((r["after_version"] for r in rows), default=0)


async def unlocks(entrant_id: int, stage_id: int, judge_id: int) -> list[dict[str, Any]]:
    return await SheetUnlock.select(
        SheetUnlock.after_version, SheetUnlock.reason, SheetUnlock.unlocked_at,
        SheetUnlock.unlocked_by.full_name.as_alias("unlocked_by_name"),
    ).where(
        (SheetUnlock.entrant == entrant_id) & (SheetUnlock.stage == stage_id) & (SheetUnlock.judge == judge_id)
    ).order_by(SheetUnlock.id)


async def insert_unlock(**fields: Any) -> None:
    await SheetUnlock.insert(SheetUnlock(**fields))


async def draft(entrant_id: int, stage_id: int, judge_id: int) -> dict[str, Any] | None:
    return await SheetDraft.select().where(
        (SheetDraft.entrant == entrant_id) & (SheetDraft.stage == stage_id) & (SheetDraft.judge == judge_id)
    ).output(load_json=True).first()


async def upsert_draft(entrant_id: int, stage_id: int, judge_id: int, **fields: Any) -> None:
    """Call inside a write transaction."""
    where = (SheetDraft.entrant == entrant_id) & (SheetDraft.stage == stage_id) & (SheetDraft.judge == judge_id)
    if await SheetDraft.exists().where(where):
        await SheetDraft.update({getattr(SheetDraft, k): v for k, v in fields.items()}).where(where)
    else:
        await SheetDraft.insert(SheetDraft(entrant=entrant_id, stage=stage_id, judge=judge_id, **fields))


async def delete_draft(entrant_id: int, stage_id: int, judge_id: int) -> None:
    await SheetDraft.delete().where(
        (SheetDraft.entrant == entrant_id) & (SheetDraft.stage == stage_id) & (SheetDraft.judge == judge_id)
    )


async def evidence_list(entrant_id: int, stage_id: int, user_id: int) -> list[dict[str, Any]]:
    return await EvidenceFile.select(
        EvidenceFile.id, EvidenceFile.indicator_code, EvidenceFile.filename, EvidenceFile.content_type,
        EvidenceFile.size, EvidenceFile.exif_time, EvidenceFile.gps_lat, EvidenceFile.gps_lon,
        EvidenceFile.uploaded_at,
    ).where(
        (EvidenceFile.entrant == entrant_id) & (EvidenceFile.stage == stage_id)
        & (EvidenceFile.uploaded_by == user_id)
    ).order_by(EvidenceFile.id)


async def insert_evidence(**fields: Any) -> int:
    rows = await EvidenceFile.insert(EvidenceFile(**fields)).returning(EvidenceFile.id)
    return int(rows[0]["id"])


async def evidence(evidence_id: int) -> dict[str, Any] | None:
    return await EvidenceFile.select().where(EvidenceFile.id == evidence_id).first()


async def user_name(user_id: int) -> str:
    row = await User.select(User.full_name).where(User.id == user_id).first()
    return row["full_name"] if row else ""


async def competition_sheets(competition_id: int) -> list[dict[str, Any]]:
    """Every assignment of a competition (one sheet each), for the committee's overview."""
    return await Assignment.select(
        Assignment.entrant.id.as_alias("entrant_id"),
        Assignment.entrant.region.name.as_alias("village"),
        Assignment.stage.id.as_alias("stage_id"),
        Assignment.stage.code.as_alias("stage_code"),
        Assignment.stage.position.as_alias("stage_position"),
        Assignment.judge.id.as_alias("judge_id"),
        Assignment.judge.full_name.as_alias("judge_name"),
        Assignment.judge.username.as_alias("judge_username"),
    ).where(Assignment.stage.competition.id == competition_id).order_by(
        Assignment.stage.position
    ).order_by(Assignment.entrant.region.name).order_by(Assignment.judge.username)


async def competition_submissions(competition_id: int) -> list[dict[str, Any]]:
    """Every version of every sheet of a competition (without values), oldest first."""
    return await Submission.select(
        Submission.entrant, Submission.stage, Submission.judge, Submission.version, Submission.status,
        Submission.source, Submission.submitted_at, Submission.submitted_by,
    ).where(Submission.stage.competition.id == competition_id).order_by(Submission.version)


async def competition_unlocks(competition_id: int) -> list[dict[str, Any]]:
    return await SheetUnlock.select(
        SheetUnlock.entrant, SheetUnlock.stage, SheetUnlock.judge, SheetUnlock.after_version
    ).where(SheetUnlock.stage.competition.id == competition_id)


async def active_submissions(competition_id: int) -> list[dict[str, Any]]:
    """Every active version of a competition's sheets, with values, oldest first."""
    return await Submission.select(*SUBMISSION_FIELDS, Submission.stage.code.as_alias("stage_code")).where(
        (Submission.stage.competition.id == competition_id) & (Submission.status == "active")
    ).order_by(Submission.version).output(load_json=True)


async def stage_by_code(entrant_id: int, stage_code: str) -> dict[str, Any] | None:
    entrant = await Entrant.select(Entrant.competition, Entrant.region.name).where(Entrant.id == entrant_id).first()
    if entrant is None:
        return None
    stage = await Stage.select(
        Stage.id, Stage.code, Stage.name, Stage.competition.id.as_alias("competition_id"),
        Stage.competition.status.as_alias("competition_status"),
    ).where((Stage.competition == entrant["competition"]) & (Stage.code == stage_code)).first()
    if stage is None:
        return None
    stage["village"] = entrant["region.name"]
    return stage


async def village_codes(codes: list[str]) -> dict[str, str]:
    rows = await Region.select(Region.code, Region.name).where(Region.code.is_in(codes or [""]))
    return {r["code"]: r["name"] for r in rows}
