"""Reading and writing score sheets: plain dicts in and out, no rules.

The rules (what may be submitted, what counts) are in ``services.py``; this module only knows the
tables. JSON columns are read with ``load_json`` so both databases give dicts.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from piccolo.utils.encoding import dump_json

from app.auth.tables import User
from app.competitions.tables import Assignment, Entrant, Stage
from app.judging.tables import EvidenceFile, SheetDraft, SheetUnlock, Submission
from app.regions.tables import Region

SUBMISSION_FIELDS = (
    Submission.id, Submission.entrant, Submission.stage, Submission.judge, Submission.version,
    Submission.replaces_version, Submission.client_uuid, Submission.content_hash, Submission.values,
    Submission.notes, Submission.remark, Submission.submitted_by, Submission.submitted_at,
    Submission.device_time, Submission.source, Submission.status, Submission.confirmed_by,
    Submission.confirmed_at,
)


def parse_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


# Raw SQL on the reads and writes every sheet request makes: Piccolo's query building costs more than running
# them (measured with bench/bench_judging.py). Column types come back as Piccolo gives them (UUID, datetime);
# JSON columns are parsed here.

# One query for the sheet: the assignment (no row: not assigned) with the stage's judge-scored indicators of
# the competition's current criteria version, one row per indicator (a single row with a NULL code when the
# stage has none).
SHEET_SQL = """
SELECT a.indicator_groups, s.id AS stage_id, s.name AS stage_name, c.id AS competition_id,
       c.name AS competition_name, c.status AS competition_status, c.scores_released,
       r.code AS village_code, r.name AS village,
       EXISTS (SELECT 1 FROM "conflict" k WHERE k.judge = a.judge AND k.entrant = a.entrant) AS has_conflict,
       i.code, i.name, i.max_value, i.step, i.rubric, i.evidence,
       asp.code AS aspect_code, asp.name AS aspect_name, d.code AS domain_code, d.name AS domain_name
FROM "assignment" a
JOIN "stage" s ON s.id = a.stage
JOIN "competition" c ON c.id = s.competition
JOIN "entrant" e ON e.id = a.entrant
JOIN "region" r ON r.code = e.region
LEFT JOIN "criteria_version" v ON v.competition = c.id AND v.number = c.criteria_version
LEFT JOIN "indicator" i ON i.version = v.id AND i.stage_code = s.code AND i.kind = 'judge'
LEFT JOIN "aspect" asp ON asp.id = i.aspect
LEFT JOIN "domain" d ON d.id = asp.domain
WHERE a.judge = {} AND a.entrant = {} AND s.code = {}
ORDER BY i.position
"""

INDICATOR_KEYS = ("code", "name", "max_value", "step", "rubric", "evidence", "aspect_code", "aspect_name",
                  "domain_code", "domain_name")


async def sheet(judge_id: int, entrant_id: int, stage_code: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The judge's assignment to this entrant and stage (what a sheet page needs to know) and the stage's
    indicators in order (the rubric as the database gives it: JSON text); None when not assigned."""
    rows = await Assignment.raw(SHEET_SQL, judge_id, entrant_id, stage_code)
    if not rows:
        return None
    head = {k: v for k, v in rows[0].items() if k not in INDICATOR_KEYS}
    head["indicator_groups"] = parse_json(head["indicator_groups"]) or []
    head["scores_released"] = bool(head["scores_released"])
    head["has_conflict"] = bool(head["has_conflict"])
    indicators = []
    for r in rows:
        if r["code"] is None:
            continue
        indicators.append({k: r[k] for k in INDICATOR_KEYS})
    return head, indicators


async def sheet_exists(entrant_id: int, stage_code: str) -> bool:
    """True when the entrant exists and its competition has this stage."""
    entrant = await Entrant.select(Entrant.competition).where(Entrant.id == entrant_id).first()
    if entrant is None:
        return False
    return await Stage.exists().where((Stage.competition == entrant["competition"]) & (Stage.code == stage_code))


SUBMISSION_COLUMNS = ", ".join(f'"{c._meta.db_column_name}"' for c in SUBMISSION_FIELDS)
SUBMISSION_SELECT = "SELECT " + SUBMISSION_COLUMNS + ' FROM "submission" '  # noqa: S608 - constants only
# The versions of one sheet with the highest unlock of that sheet on every row (NULL: never unlocked).
_SHEET_VERSIONS_REST = """, (
    SELECT MAX(u."after_version") FROM "sheet_unlock" u
    WHERE u."entrant" = s."entrant" AND u."stage" = s."stage" AND u."judge" = s."judge"
) AS "unlocked_after"
FROM "submission" s
WHERE s."entrant" = {} AND s."stage" = {} AND s."judge" = {}
ORDER BY s."version"
"""
SHEET_VERSIONS_SQL = "SELECT " + SUBMISSION_COLUMNS + _SHEET_VERSIONS_REST
JSON_COLUMNS = ("values", "notes")


def _with_json(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for name in JSON_COLUMNS:
        if name in out:
            out[name] = parse_json(out[name])
    return out


async def submissions(entrant_id: int, stage_id: int, judge_id: int) -> tuple[list[dict[str, Any]], int]:
    """Every version of one sheet, oldest first, and the highest ``after_version`` of its unlocks (0 when
    never unlocked; an unlock needs a version, so a sheet without versions has none)."""
    rows = await Submission.raw(SHEET_VERSIONS_SQL, entrant_id, stage_id, judge_id)
    unlocked_after = int(rows[0]["unlocked_after"] or 0) if rows else 0
    return [_with_json({k: v for k, v in r.items() if k != "unlocked_after"}) for r in rows], unlocked_after


async def submission_by_uuid(client_uuid: uuid.UUID) -> dict[str, Any] | None:
    rows = await Submission.raw(SUBMISSION_SELECT + 'WHERE "client_uuid" = {}', client_uuid)
    return _with_json(rows[0]) if rows else None


INSERT_SUBMISSION_SQL = """
INSERT INTO "submission" ("entrant", "stage", "judge", "version", "replaces_version", "client_uuid", "content_hash",
    "values", "notes", "remark", "submitted_by", "submitted_at", "device_time", "source", "status")
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})
RETURNING "id"
"""


async def insert_submission(
    *, entrant: int, stage: int, judge: int, version: int, replaces_version: int | None, client_uuid: uuid.UUID,
    content_hash: str, values: dict[str, Any], notes: dict[str, Any], remark: str, submitted_by: int,
    submitted_at: Any, device_time: Any, source: str, status: str,
) -> int:
    rows = await Submission.raw(
        INSERT_SUBMISSION_SQL, entrant, stage, judge, version, replaces_version, client_uuid, content_hash,
        dump_json(values), dump_json(notes), remark, submitted_by, submitted_at, device_time, source, status,
    )
    return int(rows[0]["id"])


async def set_submission_status(submission_id: int, status: str, confirmed_by: int, at: Any) -> None:
    await Submission.update(
        {Submission.status: status, Submission.confirmed_by: confirmed_by, Submission.confirmed_at: at}
    ).where(Submission.id == submission_id)


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
    rows = await SheetDraft.raw(
        'SELECT * FROM "sheet_draft" WHERE "entrant" = {} AND "stage" = {} AND "judge" = {}',
        entrant_id, stage_id, judge_id,
    )
    return _with_json(rows[0]) if rows else None


async def upsert_draft(entrant_id: int, stage_id: int, judge_id: int, **fields: Any) -> None:
    """Call inside a write transaction."""
    where = (SheetDraft.entrant == entrant_id) & (SheetDraft.stage == stage_id) & (SheetDraft.judge == judge_id)
    if await SheetDraft.exists().where(where):
        await SheetDraft.update({getattr(SheetDraft, k): v for k, v in fields.items()}).where(where)
    else:
        await SheetDraft.insert(SheetDraft(entrant=entrant_id, stage=stage_id, judge=judge_id, **fields))


async def delete_draft(entrant_id: int, stage_id: int, judge_id: int) -> None:
    await SheetDraft.raw(
        'DELETE FROM "sheet_draft" WHERE "entrant" = {} AND "stage" = {} AND "judge" = {}', entrant_id, stage_id,
        judge_id,
    )


async def evidence_list(entrant_id: int, stage_id: int, user_id: int) -> list[dict[str, Any]]:
    return await EvidenceFile.raw(
        'SELECT "id", "indicator_code", "filename", "content_type", "size", "exif_time", "gps_lat", "gps_lon", '
        '"uploaded_at" FROM "evidence_file" WHERE "entrant" = {} AND "stage" = {} AND "uploaded_by" = {} '
        'ORDER BY "id"', entrant_id, stage_id, user_id,
    )


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
