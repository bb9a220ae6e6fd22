"""Reading competitions for pages and the API: plain dicts, no arithmetic beyond counting."""

from __future__ import annotations

from typing import Any

from app.competitions.tables import (
    Assignment,
    Competition,
    Domain,
    Entrant,
    Indicator,
    PanelMember,
    Stage,
)
from app.judging.tables import Submission
from app.regions.tables import Region


async def competitions_for(user_id: int, role: str) -> list[dict[str, Any]]:
    query = Competition.select(
        Competition.id, Competition.name, Competition.year, Competition.level, Competition.track,
        Competition.status, Competition.organiser_region.code, Competition.organiser_region.name,
    ).order_by(Competition.year, ascending=False).order_by(Competition.id)
    if role == "juri":
        stage_ids = await PanelMember.select(PanelMember.stage.competition.id).where(PanelMember.judge == user_id)
        ids = {r["stage.competition.id"] for r in stage_ids}
        if not ids:
            return []
        query = query.where(Competition.id.is_in(list(ids)))
    return await query


async def competition(competition_id: int) -> dict[str, Any] | None:
    return await Competition.select(
        Competition.all_columns(exclude=[Competition.letterhead_logo]),
        Competition.organiser_region.name,
    ).where(Competition.id == competition_id).output(load_json=True).first()


async def judge_can_see(user_id: int, competition_id: int) -> bool:
    return await PanelMember.exists().where(
        (PanelMember.judge == user_id) & (PanelMember.stage.competition.id == competition_id)
    )


async def stages(competition_id: int) -> list[dict[str, Any]]:
    return await Stage.select().where(Stage.competition == competition_id).order_by(Stage.position)


async def current_version_id(competition_id: int) -> int | None:
    from app.competitions.tables import CriteriaVersion

    comp = await Competition.select(Competition.criteria_version).where(Competition.id == competition_id).first()
    if comp is None:
        return None
    row = await CriteriaVersion.select(CriteriaVersion.id).where(
        (CriteriaVersion.competition == competition_id) & (CriteriaVersion.number == comp["criteria_version"])
    ).first()
    return row["id"] if row else None


async def summary(competition_id: int) -> dict[str, Any] | None:
    """The competition with its stages, domains and indicator counts (for the API and home pages)."""
    comp = await competition(competition_id)
    if comp is None:
        return None
    version_id = await current_version_id(competition_id)
    domains = await Domain.select(Domain.code, Domain.name, Domain.weight).where(
        Domain.version == version_id
    ).order_by(Domain.position)
    indicators = await Indicator.select(
        Indicator.code, Indicator.stage_code, Indicator.kind, Indicator.aspect.domain.code.as_alias("domain")
    ).where(
        Indicator.version == version_id
    )
    entrant_count = await Entrant.count().where(Entrant.competition == competition_id)
    stage_rows = await stages(competition_id)
    return {
        "comp": comp,
        "stages": stage_rows,
        "domains": domains,
        "indicators": indicators,
        "entrant_count": entrant_count,
    }


async def entrants(competition_id: int) -> list[dict[str, Any]]:
    rows = await Entrant.select(Entrant.id, Entrant.region.code, Entrant.region.name).where(
        Entrant.competition == competition_id
    ).order_by(Entrant.region.code)
    kec_codes = {r["region.code"].rsplit(".", 1)[0] for r in rows}
    names = {
        r["code"]: r["name"]
        for r in await Region.select(Region.code, Region.name).where(Region.code.is_in(list(kec_codes) or [""]))
    }
    return [
        {
            "id": r["id"],
            "code": r["region.code"],
            "name": r["region.name"],
            "kecamatan_code": r["region.code"].rsplit(".", 1)[0],
            "kecamatan": names.get(r["region.code"].rsplit(".", 1)[0], ""),
        }
        for r in rows
    ]


async def progress(competition_id: int) -> dict[str, int]:
    """Sheets expected (assignments) and sheets with an active submitted version."""
    expected = await Assignment.count().where(Assignment.stage.competition.id == competition_id)
    rows = await Submission.select(Submission.entrant, Submission.stage, Submission.judge).where(
        (Submission.stage.competition.id == competition_id) & (Submission.status == "active")
    ).distinct()
    return {"expected": expected, "submitted": len(rows)}


async def judge_assignments(judge_id: int) -> list[dict[str, Any]]:
    """The judge's villages per stage with the state of their sheet."""
    from app.judging.tables import SheetDraft, SheetUnlock

    rows = await Assignment.select(
        Assignment.id,
        Assignment.entrant.id,
        Assignment.entrant.region.code,
        Assignment.entrant.region.name,
        Assignment.stage.id,
        Assignment.stage.code,
        Assignment.stage.name,
        Assignment.stage.position,
        Assignment.stage.competition.id,
        Assignment.stage.competition.name,
        Assignment.stage.competition.status,
    ).where(Assignment.judge == judge_id).order_by(Assignment.stage.position).order_by(
        Assignment.entrant.region.name
    )
    subs = await Submission.select(
        Submission.entrant, Submission.stage, Submission.version, Submission.submitted_at, Submission.status
    ).where(Submission.judge == judge_id).order_by(Submission.version)
    latest: dict[tuple[int, int], dict[str, Any]] = {}
    pending: set[tuple[int, int]] = set()
    for s in subs:
        if s["status"] == "active":
            latest[(s["entrant"], s["stage"])] = s
        elif s["status"] == "pending":
            pending.add((s["entrant"], s["stage"]))
    drafts = {
        (d["entrant"], d["stage"])
        for d in await SheetDraft.select(SheetDraft.entrant, SheetDraft.stage).where(SheetDraft.judge == judge_id)
    }
    unlocks: dict[tuple[int, int], int] = {}
    for u in await SheetUnlock.select(SheetUnlock.entrant, SheetUnlock.stage, SheetUnlock.after_version).where(
        SheetUnlock.judge == judge_id
    ):
        key = (u["entrant"], u["stage"])
        unlocks[key] = max(unlocks.get(key, 0), u["after_version"])
    kec_codes = {r["entrant.region.code"].rsplit(".", 1)[0] for r in rows}
    kec = {
        r["code"]: r["name"]
        for r in await Region.select(Region.code, Region.name).where(Region.code.is_in(list(kec_codes) or [""]))
    }
    out = []
    for r in rows:
        key = (r["entrant.id"], r["stage.id"])
        sub = latest.get(key)
        # terkunci: scoring is closed; terkirim: submitted (locked until the committee unlocks it);
        # menunggu: a paper transcription awaits confirmation; dibuka: unlocked for a new version.
        if r["stage.competition.status"] in ("pleno", "final"):
            state = "terkunci"
        elif sub and unlocks.get(key, 0) < sub["version"]:
            state = "terkirim"
        elif key in pending:
            state = "menunggu"
        elif key in drafts:
            state = "draf"
        elif sub:
            state = "dibuka"
        else:
            state = "belum_diisi"
        out.append(
            {
                "entrant_id": r["entrant.id"],
                "village": r["entrant.region.name"],
                "village_code": r["entrant.region.code"],
                "kecamatan": kec.get(r["entrant.region.code"].rsplit(".", 1)[0], ""),
                "stage_code": r["stage.code"],
                "stage_name": r["stage.name"],
                "competition": r["stage.competition.name"],
                "competition_status": r["stage.competition.status"],
                "state": state,
                "version": sub["version"] if sub else None,
                "submitted_at": sub["submitted_at"] if sub else None,
            }
        )
    return out


async def assignment_counts(competition_id: int) -> dict[int, int]:
    """Assignments per stage id."""
    rows = await Assignment.select(Assignment.stage).where(Assignment.stage.competition.id == competition_id)
    out: dict[int, int] = {}
    for r in rows:
        out[r["stage"]] = out.get(r["stage"], 0) + 1
    return out


async def scored_codes(competition_id: int) -> set[str]:
    """Indicator codes that hold a value in a submitted version (not rejected) or a draft of this competition."""
    from app.judging.tables import SheetDraft

    codes: set[str] = set()
    subs = await Submission.select(Submission.values).where(
        (Submission.stage.competition.id == competition_id) & (Submission.status != "rejected")
    ).output(load_json=True)
    drafts = await SheetDraft.select(SheetDraft.values).where(
        SheetDraft.stage.competition.id == competition_id
    ).output(load_json=True)
    for row in [*subs, *drafts]:
        values = row["values"] or {}
        codes.update(k for k, v in values.items() if v not in (None, ""))
    return codes


async def panel(competition_id: int) -> list[dict[str, Any]]:
    """Panel members of every stage, with the judge's identity."""
    return await PanelMember.select(
        PanelMember.id, PanelMember.role, PanelMember.stage.id, PanelMember.stage.code, PanelMember.stage.name,
        PanelMember.judge.id, PanelMember.judge.username, PanelMember.judge.full_name, PanelMember.judge.nip,
        PanelMember.judge.jabatan, PanelMember.judge.instansi,
    ).where(PanelMember.stage.competition.id == competition_id).order_by(PanelMember.stage.position).order_by(
        PanelMember.role, ascending=False
    ).order_by(PanelMember.judge.full_name)


async def assignments(competition_id: int) -> list[dict[str, Any]]:
    return await Assignment.select(
        Assignment.id, Assignment.indicator_groups, Assignment.stage.id, Assignment.stage.code,
        Assignment.judge.id, Assignment.judge.username, Assignment.judge.full_name, Assignment.entrant.id,
        Assignment.entrant.region.code, Assignment.entrant.region.name,
    ).where(Assignment.stage.competition.id == competition_id).order_by(Assignment.stage.position).order_by(
        Assignment.judge.full_name
    ).order_by(Assignment.entrant.region.code).output(load_json=True)


async def conflicts(competition_id: int) -> list[dict[str, Any]]:
    from app.competitions.tables import Conflict

    return await Conflict.select(
        Conflict.id, Conflict.reason, Conflict.declared_at, Conflict.judge.full_name,
        Conflict.entrant.region.code, Conflict.entrant.region.name,
    ).where(Conflict.entrant.competition.id == competition_id).order_by(Conflict.declared_at)


# Sheet states on the committee's board: not started, a draft, submitted and awaiting a second committee
# member's confirmation (paper transcription), or submitted and locked (the standing version counts).
BOARD_STATES = ("belum_diisi", "draf", "terkirim", "terkunci")


async def progress_board(competition_id: int) -> list[dict[str, Any]]:
    """Per stage, per judge: counts of sheets in each state and the villages still missing."""
    from app.judging.tables import SheetDraft, SheetUnlock

    rows = await assignments(competition_id)
    latest: dict[tuple[int, int, int], dict[str, Any]] = {}
    for s in await Submission.select(
        Submission.entrant, Submission.stage, Submission.judge, Submission.version, Submission.status
    ).where(Submission.stage.competition.id == competition_id).order_by(Submission.version):
        if s["status"] != "rejected":
            latest[(s["entrant"], s["stage"], s["judge"])] = s
    drafts = {
        (d["entrant"], d["stage"], d["judge"])
        for d in await SheetDraft.select(SheetDraft.entrant, SheetDraft.stage, SheetDraft.judge).where(
            SheetDraft.stage.competition.id == competition_id
        )
    }
    unlocked: dict[tuple[int, int, int], int] = {}
    for u in await SheetUnlock.select(
        SheetUnlock.entrant, SheetUnlock.stage, SheetUnlock.judge, SheetUnlock.after_version
    ).where(SheetUnlock.stage.competition.id == competition_id):
        key = (u["entrant"], u["stage"], u["judge"])
        unlocked[key] = max(unlocked.get(key, 0), u["after_version"])
    board: dict[int, dict[str, Any]] = {}
    for s in await stages(competition_id):
        board[s["id"]] = {"code": s["code"], "name": s["name"], "judges": {},
                           "totals": dict.fromkeys(BOARD_STATES, 0), "expected": 0}
    for r in rows:
        key = (r["entrant.id"], r["stage.id"], r["judge.id"])
        sub = latest.get(key)
        if sub and unlocked.get(key, 0) < sub["version"]:
            state = "terkunci" if sub["status"] == "active" else "terkirim"
        elif key in drafts:
            state = "draf"
        else:
            state = "belum_diisi"
        stage = board[r["stage.id"]]
        judge = stage["judges"].setdefault(r["judge.id"], {
            "name": r["judge.full_name"], "counts": dict.fromkeys(BOARD_STATES, 0), "expected": 0, "missing": []})
        judge["counts"][state] += 1
        judge["expected"] += 1
        stage["totals"][state] += 1
        stage["expected"] += 1
        if state != "terkunci":
            judge["missing"].append({"village": r["entrant.region.name"], "code": r["entrant.region.code"],
                                     "state": state})
    return [
        {**s, "judges": sorted(s["judges"].values(), key=lambda j: j["name"])} for s in board.values()
    ]


async def audit_log(competition_id: int, limit: int = 500) -> list[dict[str, Any]]:
    from app.audit.tables import AuditLog

    return await AuditLog.select(
        AuditLog.id, AuditLog.at, AuditLog.action, AuditLog.entity, AuditLog.entity_id, AuditLog.before,
        AuditLog.after, AuditLog.ip, AuditLog.user.full_name, AuditLog.user.username,
    ).where(AuditLog.competition_id == competition_id).order_by(AuditLog.id, ascending=False).limit(limit).output(
        load_json=True
    )


def ilike(column: Any, pattern: str) -> Any:
    """A case-insensitive LIKE on both databases (SQLite's LIKE already ignores ASCII case)."""
    from app.db import is_sqlite

    return column.like(pattern) if is_sqlite() else column.ilike(pattern)
