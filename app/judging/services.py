"""The rules of score sheets: who may score what, drafts, versioned submissions, locks, transcriptions.

Words (see also ``tables.py``):
- *sheet*: one judge × entrant × stage; its *indicators* are the stage's judge-scored indicators of the
  competition's current criteria version, limited to the assignment's indicator groups (domain or aspect
  codes; empty = all).
- *current version*: the highest version whose status is ``active``. That is what rankings read, what a
  new edit must name as ``base_version``, and what the receipt shows. A paper transcription is stored
  ``pending`` and does not count (nor become current) until a second committee member confirms it;
  a rejected one never counts.
- *version numbers* are unique per sheet across every status (a unique index), so a new row takes
  ``max(any version) + 1`` while ``replaces_version`` names the current version it edits. Numbers can
  therefore skip over a rejected transcription (1 active, 2 rejected, 3 active replacing 1).
- *locked*: a sheet whose current version has no unlock with ``after_version >= version``; the judge
  cannot submit again until the committee unlocks it with a written reason. Sheets of a competition
  that is not in ``penilaian`` are locked for everyone.
- *content hash*: SHA-256 of the canonical JSON of values (normalised decimal strings), notes and remark;
  it tells a safe retry (same ``client_uuid``, same hash) from a conflict (same uuid, other hash).

One function, ``submit``, records a version for the page's form, the JSON API and transcriptions. It
checks in this order: assignment (403), retry of a known ``client_uuid`` (200 or 409), competition
open (423), stale ``base_version`` (409: the edit must first learn the current version), sheet unlocked
(423), values (422); then it inserts inside a
write transaction. Duplicates are refused by the unique indexes, not only by the checks: a unique
violation is answered by re-reading (a concurrent retry → 200, a concurrent edit → 409).

This module does not render anything and does not rank.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import operator
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app import clock
from app.audit.services import record
from app.db import is_unique_violation, write_tx
from app.i18n import N_
from app.judging import repo
from app.judging.validation import Problem, Scale, check_values

OPEN_STATUS = "penilaian"
NOTE_MAX = 2000
REMARK_MAX = 4000


# ----------------------------------------------------------------------------------------------- errors
class SheetError(Exception):
    """A refusal with an HTTP status; nothing was stored."""

    status = 400

    def __init__(self, message: str = "", **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class SheetNotFound(SheetError):
    status = 404


class NotAssigned(SheetError):
    status = 403


class SheetLocked(SheetError):
    status = 423


class Conflict(SheetError):
    """409: a stale base version (``extra['current_version']``) or a reused ``client_uuid``."""

    status = 409


class Invalid(SheetError):
    status = 422

    def __init__(self, problems: list[Problem], message: str = "") -> None:
        super().__init__(message or N_("Some values are missing or not valid."))
        self.problems = problems


# ------------------------------------------------------------------------------------------- the sheet
@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    max_value: Decimal
    step: Decimal
    rubric: dict[str, str]
    evidence: str
    domain_code: str
    domain_name: str
    aspect_code: str
    aspect_name: str

    @property
    def scale(self) -> Scale:
        return Scale(self.max_value, self.step)

    @functools.cached_property
    def key(self) -> tuple[Any, ...]:
        """Everything a rendered indicator shows, hashable: what its cached HTML is keyed by."""
        return (self.code, self.name, self.max_value, self.step, tuple(self.rubric.items()), self.evidence)


@functools.lru_cache(maxsize=4096)
def _indicator_def(*row: Any) -> IndicatorDef:
    """An IndicatorDef from a sheet row's raw values (``repo.INDICATOR_KEYS`` order; rubric as JSON text).

    The same indicator comes back for every sheet of a stage, so it is parsed once per process and the
    cached object keeps its cached ``key``; an edited indicator has other values, hence another entry.
    """
    r = dict(zip(repo.INDICATOR_KEYS, row, strict=True))
    rubric = repo.parse_json(r["rubric"]) or {}
    return IndicatorDef(
        code=r["code"], name=r["name"], max_value=Decimal(r["max_value"]), step=Decimal(r["step"]),
        rubric={str(k): str(v) for k, v in rubric.items()}, evidence=r["evidence"] or "",
        domain_code=r["domain_code"] or "", domain_name=r["domain_name"] or "",
        aspect_code=r["aspect_code"] or "", aspect_name=r["aspect_name"] or "",
    )


@dataclass(frozen=True)
class Sheet:
    """One judge's sheet: where it belongs and which indicators it has."""

    entrant_id: int
    stage_id: int
    stage_code: str
    stage_name: str
    judge_id: int
    competition_id: int
    competition_name: str
    competition_status: str
    scores_released: bool
    village: str
    village_code: str
    indicators: tuple[IndicatorDef, ...]

    @property
    def scales(self) -> dict[str, Scale]:
        return {i.code: i.scale for i in self.indicators}

    def groups(self) -> list[tuple[str, str, list[tuple[str, str, list[IndicatorDef]]]]]:
        """Indicators grouped by domain then aspect: [(domain name, code, [(aspect name, code, [ind])])]."""
        out: list[tuple[str, str, list[tuple[str, str, list[IndicatorDef]]]]] = []
        for ind in self.indicators:
            if not out or out[-1][1] != ind.domain_code:
                out.append((ind.domain_name, ind.domain_code, []))
            aspects = out[-1][2]
            if not aspects or aspects[-1][1] != ind.aspect_code:
                aspects.append((ind.aspect_name, ind.aspect_code, []))
            aspects[-1][2].append(ind)
        return out


@dataclass
class SheetState:
    """The versions of a sheet and what follows from them."""

    versions: list[dict[str, Any]]
    unlocked_after: int
    draft: dict[str, Any] | None = None
    unlocks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def current(self) -> dict[str, Any] | None:
        active = [v for v in self.versions if v["status"] == "active"]
        return active[-1] if active else None

    @property
    def current_version(self) -> int | None:
        cur = self.current
        return cur["version"] if cur else None

    @property
    def pending(self) -> dict[str, Any] | None:
        return next((v for v in reversed(self.versions) if v["status"] == "pending"), None)

    @property
    def max_version(self) -> int:
        return max((v["version"] for v in self.versions), default=0)

    @property
    def locked(self) -> bool:
        cur = self.current_version
        return cur is not None and self.unlocked_after < cur

    def version(self, number: int) -> dict[str, Any] | None:
        return next((v for v in self.versions if v["version"] == number), None)


def _filter_groups(rows: list[dict[str, Any]], groups: list[str]) -> list[dict[str, Any]]:
    if not groups:
        return rows
    wanted = set(groups)
    return [r for r in rows if r["domain_code"] in wanted or r["aspect_code"] in wanted]


async def load_sheet(judge_id: int, entrant_id: int, stage_code: str) -> Sheet:
    """The judge's sheet, or ``SheetNotFound`` / ``NotAssigned``."""
    found = await repo.sheet(judge_id, entrant_id, stage_code)
    if found is None:
        if not await repo.sheet_exists(entrant_id, stage_code):
            raise SheetNotFound(N_("This sheet does not exist."))
        raise NotAssigned(N_("This village is not assigned to you for this stage."))
    row, indicator_rows = found
    if row["has_conflict"]:
        raise NotAssigned(N_("You declared a conflict of interest with this village."))
    rows = _filter_groups(indicator_rows, list(row["indicator_groups"] or []))
    row_values = operator.itemgetter(*repo.INDICATOR_KEYS)
    indicators = tuple(_indicator_def(*row_values(r)) for r in rows)
    return Sheet(
        entrant_id=entrant_id, stage_id=row["stage_id"], stage_code=stage_code, stage_name=row["stage_name"],
        judge_id=judge_id, competition_id=row["competition_id"], competition_name=row["competition_name"],
        competition_status=row["competition_status"], scores_released=bool(row["scores_released"]),
        village=row["village"], village_code=row["village_code"], indicators=indicators,
    )


async def load_state(sheet: Sheet, *, with_draft: bool = False, with_unlocks: bool = False) -> SheetState:
    versions, unlocked_after = await repo.submissions(sheet.entrant_id, sheet.stage_id, sheet.judge_id)
    state = SheetState(versions=versions, unlocked_after=unlocked_after)
    if with_draft:
        state.draft = await repo.draft(sheet.entrant_id, sheet.stage_id, sheet.judge_id)
    if with_unlocks:
        state.unlocks = await repo.unlocks(sheet.entrant_id, sheet.stage_id, sheet.judge_id)
    return state


def closed_message(status: str) -> str | None:
    """Why a competition in ``status`` takes no submissions, or None when it does."""
    if status == OPEN_STATUS:
        return None
    if status == "draft":
        return N_("Scoring has not opened yet for this competition.")
    return N_("Scoring is closed for this competition: the sheet is locked.")


# ---------------------------------------------------------------------------------------- submissions
@dataclass(frozen=True)
class SubmissionIn:
    client_uuid: uuid.UUID
    base_version: int | None
    values: Mapping[str, object]
    notes: Mapping[str, str] = field(default_factory=dict)
    remark: str = ""
    device_time: dt.datetime | None = None


@dataclass(frozen=True)
class Recorded:
    version: int
    created: bool
    submission: dict[str, Any]


def clean_notes(notes: Mapping[str, object], scales: Mapping[str, Scale]) -> tuple[dict[str, str], list[Problem]]:
    out: dict[str, str] = {}
    problems = []
    for code, text in notes.items():
        if code not in scales:
            problems.append(Problem(code, "unknown_indicator"))
            continue
        value = str(text or "").strip()[:NOTE_MAX]
        if value:
            out[code] = value
    return out, problems


def content_hash(values: Mapping[str, str], notes: Mapping[str, str], remark: str) -> str:
    """SHA-256 of the canonical JSON of the content (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(
        {"values": dict(values), "notes": dict(notes), "remark": remark},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _same_sheet(row: dict[str, Any], sheet: Sheet) -> bool:
    return (row["entrant"], row["stage"], row["judge"]) == (sheet.entrant_id, sheet.stage_id, sheet.judge_id)


def _retry(existing: dict[str, Any], sheet: Sheet, digest: str | None) -> Recorded:
    """The answer for a ``client_uuid`` already recorded: the same content → 200, else 409."""
    if digest is not None and _same_sheet(existing, sheet) and existing["content_hash"] == digest:
        return Recorded(version=existing["version"], created=False, submission=existing)
    raise Conflict(
        N_("This submission ID was already used for different content."),
        client_uuid=str(existing["client_uuid"]),
        current_version=existing["version"] if _same_sheet(existing, sheet) else None,
    )


async def submit(
    sheet: Sheet, data: SubmissionIn, actor_id: int, *, source: str = "tablet", ip: str = ""
) -> Recorded:
    """Record a new submitted version of ``sheet`` (see the module docstring for the rules).

    ``source='paper'`` is a committee member's transcription: stored ``pending``, counted once
    confirmed by another member.
    """
    scales = sheet.scales
    values, problems = check_values(data.values, scales, complete=True)
    notes, note_problems = clean_notes(data.notes, scales)
    problems += note_problems
    remark = (data.remark or "").strip()[:REMARK_MAX]
    digest = None if problems else content_hash(values, notes, remark)

    try:
        async with write_tx():
            # Read the state, then look for the uuid again: a concurrent retry that committed before the
            # state was read is then seen (PostgreSQL reads each statement from a fresh snapshot).
            state = await load_state(sheet)
            existing = await repo.submission_by_uuid(data.client_uuid)
            if existing is not None:
                return _retry(existing, sheet, digest)
            reason = closed_message(sheet.competition_status)
            if reason:
                raise SheetLocked(reason)
            if data.base_version != state.current_version:
                raise Conflict(
                    N_("The sheet changed since this edit began. Reload it to see the current version."),
                    current_version=state.current_version,
                )
            if state.locked:
                raise SheetLocked(
                    N_("This sheet was submitted and is locked. Ask the committee to unlock it."),
                    current_version=state.current_version,
                )
            if source == "paper" and state.pending is not None:
                raise Conflict(
                    N_("A transcription of this sheet is waiting for confirmation."),
                    current_version=state.current_version,
                )
            if problems:
                raise Invalid(problems)
            version = state.max_version + 1
            at = clock.now()
            row = {
                "entrant": sheet.entrant_id, "stage": sheet.stage_id, "judge": sheet.judge_id,
                "version": version, "replaces_version": state.current_version,
                "client_uuid": data.client_uuid, "content_hash": digest, "values": values, "notes": notes,
                "remark": remark, "submitted_by": actor_id, "submitted_at": at, "device_time": data.device_time,
                "source": source, "status": "pending" if source == "paper" else "active",
            }
            row["id"] = await repo.insert_submission(**row)
            await repo.delete_draft(sheet.entrant_id, sheet.stage_id, sheet.judge_id)
            await record(
                "transcribe" if source == "paper" else "submit", "sheet",
                f"{sheet.entrant_id}/{sheet.stage_code}/{sheet.judge_id}/v{version}",
                user_id=actor_id, competition_id=sheet.competition_id, ip=ip,
                after={k: row[k] for k in ("version", "replaces_version", "client_uuid", "content_hash",
                                           "values", "notes", "remark", "device_time", "source", "status")},
            )
    except Exception as exc:
        if not is_unique_violation(exc):
            raise
        # A concurrent request took the version number or the uuid first: answer as if it came first.
        existing = await repo.submission_by_uuid(data.client_uuid)
        if existing is not None:
            return _retry(existing, sheet, digest)
        state = await load_state(sheet)
        raise Conflict(
            N_("The sheet changed since this edit began. Reload it to see the current version."),
            current_version=state.current_version,
        ) from None
    return Recorded(version=version, created=True, submission=row)


# ------------------------------------------------------------------------------------------- drafts
def draft_values(values: Mapping[str, object], scales: Mapping[str, Scale]) -> dict[str, str]:
    """What a draft keeps: the sheet's non-blank values as entered (checked only on submit)."""
    return {code: str(v).strip()[:16] for code, v in values.items() if code in scales and str(v or "").strip()}


async def save_draft(
    sheet: Sheet, client_uuid: uuid.UUID, base_version: int | None, values: Mapping[str, object],
    notes: Mapping[str, object], remark: str,
) -> dt.datetime:
    """Keep the sheet being filled in (one row per sheet, overwritten); refused when locked."""
    reason = closed_message(sheet.competition_status)
    if reason:
        raise SheetLocked(reason)
    scales = sheet.scales
    clean, _problems = clean_notes({k: v for k, v in notes.items() if k in scales}, scales)
    at = clock.now()
    async with write_tx():
        state = await load_state(sheet)
        if state.locked:
            raise SheetLocked(N_("This sheet was submitted and is locked. Ask the committee to unlock it."))
        await repo.upsert_draft(
            sheet.entrant_id, sheet.stage_id, sheet.judge_id, client_uuid=client_uuid, base_version=base_version,
            values=draft_values(values, scales), notes=clean, remark=(remark or "").strip()[:REMARK_MAX],
            updated_at=at,
        )
    return at


# ------------------------------------------------------------------------------- committee actions
async def committee_sheet(entrant_id: int, stage_code: str, judge_id: int) -> Sheet:
    """A judge's sheet as the committee reaches it (the judge must be assigned)."""
    return await load_sheet(judge_id, entrant_id, stage_code)


async def unlock(sheet: Sheet, reason: str, actor_id: int, ip: str = "") -> int:
    """Re-open the locked sheet for its judge; returns the version unlocked."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise Invalid([Problem("reason", "missing")], N_("Write the reason for unlocking (at least 5 characters)."))
    async with write_tx():
        state = await load_state(sheet)
        if not state.locked:
            raise Conflict(N_("This sheet is not locked."), current_version=state.current_version)
        version = state.current_version
        assert version is not None
        await repo.insert_unlock(
            entrant=sheet.entrant_id, stage=sheet.stage_id, judge=sheet.judge_id, after_version=version,
            reason=reason, unlocked_by=actor_id, unlocked_at=clock.now(),
        )
        await record(
            "unlock", "sheet", f"{sheet.entrant_id}/{sheet.stage_code}/{sheet.judge_id}", user_id=actor_id,
            competition_id=sheet.competition_id, ip=ip, after={"after_version": version, "reason": reason},
        )
    return version


async def decide_transcription(sheet: Sheet, version: int, actor_id: int, accept: bool, ip: str = "") -> None:
    """A second committee member confirms (it counts from now) or rejects a pending transcription."""
    async with write_tx():
        state = await load_state(sheet)
        row = state.version(version)
        if row is None or row["status"] != "pending":
            raise Conflict(N_("There is no transcription waiting for confirmation."))
        if row["submitted_by"] == actor_id:
            raise NotAssigned(N_("A different committee member must confirm a transcription."))
        if accept and row["replaces_version"] != state.current_version:
            raise Conflict(
                N_("The sheet changed after this transcription was entered; reject it and enter it again."),
                current_version=state.current_version,
            )
        status = "active" if accept else "rejected"
        await repo.set_submission_status(row["id"], status, actor_id, clock.now())
        await record(
            "confirm_transcription" if accept else "reject_transcription", "sheet",
            f"{sheet.entrant_id}/{sheet.stage_code}/{sheet.judge_id}/v{version}", user_id=actor_id,
            competition_id=sheet.competition_id, ip=ip, before={"status": "pending"}, after={"status": status},
        )


# ---------------------------------------------------------------------------------------- read side
async def current_submissions(competition_id: int) -> dict[tuple[int, str, int], dict[str, Any]]:
    """What rankings read: (entrant id, stage code, judge id) → the sheet's current (latest active) version."""
    out: dict[tuple[int, str, int], dict[str, Any]] = {}
    for row in await repo.active_submissions(competition_id):
        out[(row["entrant"], row["stage_code"], row["judge"])] = row
    return out
