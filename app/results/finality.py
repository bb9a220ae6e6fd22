"""Finalising a competition, re-opening it, and reading its snapshots.

Words:
- *checks*: what must hold before finalising: every assigned sheet submitted (a judge with a declared
  conflict for a village is not missing), every score present, no tie left on an award position, every
  LMS check settled. A failed check lists its findings in plain words.
- *override*: finalising although a check fails, with a written reason kept in the snapshot.
- *finalise*: status ``final`` and a new snapshot (``app.results.snapshot``), in one transaction.
- *re-open*: with a reason; the current snapshot is marked superseded (it stays downloadable and
  verifiable) and the status goes back to ``pleno``. Finalising again makes a new snapshot and code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.audit.services import record
from app.auth.services import CurrentUser
from app.clock import now
from app.competitions.tables import Assignment, Competition, Conflict
from app.db import write_tx
from app.i18n import _
from app.judging.tables import SheetUnlock, Submission
from app.regions.tables import Region
from app.results import snapshot
from app.results.decisions import Locked, status, tied_groups
from app.results.repo import Inputs, load_inputs
from app.results.services import Ranking, ranking
from app.results.tables import Snapshot

MAX_LINES = 15


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    ok: bool
    findings: tuple[str, ...] = ()


def _capped(lines: list[str]) -> tuple[str, ...]:
    if len(lines) <= MAX_LINES:
        return tuple(lines)
    return (*lines[:MAX_LINES], _("… and %(count)d more.") % {"count": len(lines) - MAX_LINES})


async def missing_sheets(competition_id: int, inputs: Inputs) -> list[str]:
    """Assigned sheets without a counted submission (or unlocked and not sent again), as sentences."""
    assignments = await Assignment.select(
        Assignment.entrant, Assignment.judge, Assignment.judge.username, Assignment.stage, Assignment.stage.code,
        Assignment.stage.position,
    ).where(Assignment.stage.competition.id == competition_id).order_by(Assignment.stage.position)
    latest: dict[tuple[int, int, int], int] = {}
    for s in await Submission.select(Submission.entrant, Submission.stage, Submission.judge, Submission.version).where(
        (Submission.stage.competition.id == competition_id) & (Submission.status == "active")
    ):
        key = (s["entrant"], s["stage"], s["judge"])
        latest[key] = max(latest.get(key, 0), s["version"])
    unlocked: dict[tuple[int, int, int], int] = {}
    for u in await SheetUnlock.select(SheetUnlock.entrant, SheetUnlock.stage, SheetUnlock.judge,
                                      SheetUnlock.after_version).where(
        SheetUnlock.stage.competition.id == competition_id
    ):
        key = (u["entrant"], u["stage"], u["judge"])
        unlocked[key] = max(unlocked.get(key, 0), u["after_version"])
    conflicts = {(c["entrant"], c["judge"]) for c in await Conflict.select(Conflict.entrant, Conflict.judge).where(
        Conflict.entrant.competition.id == competition_id)}
    names = {e.id: e.name for e in inputs.entrants}
    lines = []
    for a in assignments:
        key = (a["entrant"], a["stage"], a["judge"])
        if (a["entrant"], a["judge"]) in conflicts:
            continue
        judge = inputs.judges.get(a["judge.username"], a["judge.username"])
        village = names.get(a["entrant"], str(a["entrant"]))
        if key not in latest:
            lines.append(_("%(judge)s has not sent the %(stage)s sheet of %(village)s.")
                         % {"judge": judge, "stage": a["stage.code"], "village": village})
        elif unlocked.get(key, 0) >= latest[key]:
            lines.append(_("The %(stage)s sheet of %(village)s by %(judge)s was unlocked and not sent again.")
                         % {"judge": judge, "stage": a["stage.code"], "village": village})
    return lines


async def checks(competition_id: int, current: Ranking | None = None) -> tuple[list[Check], Ranking]:
    current = current or await ranking(competition_id, detail=False)
    inputs, result = current.inputs, current.result
    sheets = await missing_sheets(competition_id, inputs)
    incomplete = [
        _("%(village)s: no score yet for %(indicators)s.")
        % {"village": inputs.entrant(e.entrant).name, "indicators": ", ".join(e.missing)}
        for e in result.entrants if not e.complete
    ]
    ties = [
        _("Rank %(rank)d: %(villages)s are still tied; decide their order in the pleno.")
        % {"rank": g.rank, "villages": ", ".join(info.name for info, _r in g.members)}
        for g in tied_groups(current) if g.on_award
    ]
    lms = [
        _("%(village)s: the LMS certificate checks are not settled (missing, failed or pending).")
        % {"village": e.name}
        for e in inputs.entrants if e.code in inputs.lms_provisional
    ]
    found = [
        Check("sheets", _("Every assigned sheet is submitted"), not sheets, _capped(sheets)),
        Check("scores", _("Every village has every score"), not incomplete, _capped(incomplete)),
        Check("ties", _("No tie left on an award position"), not ties, _capped(ties)),
        Check("lms", _("Every LMS check is settled"), not lms, _capped(lms)),
    ]
    return found, current


async def _competition_block(competition_id: int) -> dict[str, Any]:
    comp = await Competition.select(
        Competition.id, Competition.name, Competition.year, Competition.level, Competition.track,
        Competition.organiser_region,
    ).where(Competition.id == competition_id).first()
    assert comp is not None
    region = await Region.select(Region.name).where(Region.code == comp["organiser_region"]).first()
    return {
        "id": comp["id"], "name": comp["name"], "year": comp["year"], "level": comp["level"],
        "track": comp["track"],
        "organiser_region": {"code": comp["organiser_region"], "name": region["name"] if region else ""},
    }


async def _unique_code(sha256: str) -> str:
    while True:
        code = snapshot.make_code(sha256)
        if not await Snapshot.exists().where(Snapshot.code == code):
            return code


async def finalise(
    competition_id: int, actor: CurrentUser, *, override: bool, reason: str, ip: str = ""
) -> tuple[str | None, list[str]]:
    """Finalise; returns (verification code, []) or (None, problems)."""
    if await status(competition_id) == "final":
        raise Locked()
    reason = reason.strip()
    found, _current = await checks(competition_id)
    failed = [c for c in found if not c.ok]
    if failed and not override:
        return None, [_("Some checks have not passed. Settle them, or finalise with an override and a reason.")]
    if failed and not reason:
        return None, [_("Write the reason for finalising although some checks have not passed.")]
    async with write_tx():
        # The status first: on PostgreSQL this locks the competition row for the rest of the transaction.
        await Competition.update({Competition.status: "final"}).where(Competition.id == competition_id)
        inputs = await load_inputs(competition_id)
        data = snapshot.inputs_data(
            inputs.ruleset,
            [{"code": e.code, "name": e.name, "kecamatan": e.kecamatan} for e in inputs.entrants],
            inputs.scores, inputs.abstentions, inputs.pleno,
        )
        created = now()
        payload = snapshot.build(
            competition=await _competition_block(competition_id), inputs=data,
            created_at=created.isoformat(), created_by=actor.full_name, override_reason=reason,
        )
        code = await _unique_code(payload["sha256"])
        await Snapshot.insert(Snapshot(
            competition=competition_id, code=code, sha256=payload["sha256"],
            payload=json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
            override_reason=reason, created_by=actor.id, created_at=created,
        ))
        await record("finalise", "competition", competition_id, user_id=actor.id, competition_id=competition_id,
                     after={"code": code, "sha256": payload["sha256"], "override_reason": reason,
                            "failed_checks": [c.key for c in failed]}, ip=ip)
    return code, []


async def reopen(competition_id: int, actor: CurrentUser, reason: str, *, ip: str = "") -> list[str]:
    """Re-open a final competition; returns the problems (empty when done)."""
    reason = reason.strip()
    if await status(competition_id) != "final":
        return [_("Only a final result can be re-opened.")]
    if not reason:
        return [_("Write the reason for re-opening.")]
    async with write_tx():
        current = await current_snapshot(competition_id)
        await Snapshot.update({Snapshot.superseded_at: now(), Snapshot.reopen_reason: reason}).where(
            (Snapshot.competition == competition_id) & Snapshot.superseded_at.is_null()
        )
        await Competition.update({Competition.status: "pleno"}).where(Competition.id == competition_id)
        await record("reopen", "competition", competition_id, user_id=actor.id, competition_id=competition_id,
                     before={"code": current["code"] if current else None}, after={"reason": reason}, ip=ip)
    return []


SNAPSHOT_COLUMNS = (Snapshot.id, Snapshot.competition, Snapshot.code, Snapshot.sha256, Snapshot.override_reason,
                    Snapshot.created_at, Snapshot.superseded_at, Snapshot.reopen_reason)


async def current_snapshot(competition_id: int) -> dict[str, Any] | None:
    return await Snapshot.select(*SNAPSHOT_COLUMNS).where(
        (Snapshot.competition == competition_id) & Snapshot.superseded_at.is_null()
    ).order_by(Snapshot.id, ascending=False).first()


async def snapshots(competition_id: int) -> list[dict[str, Any]]:
    return await Snapshot.select(*SNAPSHOT_COLUMNS).where(Snapshot.competition == competition_id).order_by(
        Snapshot.id, ascending=False)


async def by_code(code: str) -> dict[str, Any] | None:
    """The snapshot with its payload parsed (``data``), or None."""
    row = await Snapshot.select(*SNAPSHOT_COLUMNS, Snapshot.payload).where(Snapshot.code == code.upper()).first()
    if row is not None:
        row["data"] = json.loads(row["payload"])
    return row


async def finalised() -> list[dict[str, Any]]:
    """Final competitions with their current snapshot's code and date, newest year first."""
    rows = await Snapshot.select(
        Snapshot.code, Snapshot.created_at, Snapshot.competition.id, Snapshot.competition.name,
        Snapshot.competition.year, Snapshot.competition.level,
    ).where(Snapshot.superseded_at.is_null() & (Snapshot.competition.status == "final")).order_by(
        Snapshot.competition.year, ascending=False).order_by(Snapshot.id, ascending=False)
    return rows
