"""The panel (tim penilai) and who judges what.

Words: a *judge* is a user account with role ``juri``, NIP (18 digits: birth date YYYYMMDD, appointment
YYYYMM, sex 1/2, number NNN), jabatan and instansi/OPD. A *panel member* sits on one stage as ``ketua``
(at most one per stage) or ``anggota``. An *assignment* gives one judge one entrant in one stage,
optionally limited to *indicator groups* (domain or aspect codes: each office scores only its own
criteria). An assignment is *barred* when the judge declared a conflict of interest with the entrant, or
when the judge's recorded home village is the entrant or their home kecamatan holds it. Bars are enforced
and every refusal or skip is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from app.audit.services import record
from app.auth import services as auth
from app.auth.tables import User
from app.clock import now
from app.competitions import catalogue, repo
from app.competitions.errors import Refused
from app.competitions.tables import Assignment, Conflict, Entrant, PanelMember, Stage
from app.db import write_tx
from app.i18n import _
from app.judging.tables import SheetDraft, Submission
from app.regions.tables import Region

PANEL_ROLES = ("ketua", "anggota")


def nip_problem(nip: str) -> str | None:
    """Why ``nip`` (spaces allowed) is not a valid NIP, or None. An empty NIP is allowed."""
    digits = nip.replace(" ", "")
    if not digits:
        return None
    if not digits.isdigit() or len(digits) != 18:
        return _("The NIP has 18 digits (now %(count)d).") % {"count": len(digits)}
    try:
        dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return _("The first 8 digits of the NIP are the birth date (YYYYMMDD); this date does not exist.")
    if not 1 <= int(digits[12:14]) <= 12:
        return _("Digits 9-14 of the NIP are the appointment year and month (YYYYMM); the month is wrong.")
    if digits[14] not in "12":
        return _("Digit 15 of the NIP is 1 (male) or 2 (female).")
    return None


def format_nip(nip: str) -> str:
    d = nip.replace(" ", "")
    return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}" if len(d) == 18 else nip


async def _profile(data: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    profile = {
        "nip": data.get("nip", "").replace(" ", "").strip(),
        "jabatan": data.get("jabatan", "").strip(),
        "instansi": data.get("instansi", "").strip(),
        "home_region_code": data.get("home_region_code", "").strip(),
    }
    problem = nip_problem(profile["nip"])
    if problem:
        errors["nip"] = [problem]
    home = profile["home_region_code"]
    if home:
        region = await Region.select(Region.level).where(Region.code == home).first()
        if region is None or region["level"] not in ("kecamatan", "desa", "kelurahan", "desa_adat"):
            errors["home_region_code"] = [
                _("Give a kecamatan or village code from the official list, or leave it empty.")]
    return profile, errors


async def create_judge(data: dict[str, str], actor_id: int, ip: str = "") -> tuple[int, str]:
    """A new judge account; with no password given, one is made to hand over (returned once)."""
    username = data.get("username", "").strip()
    full_name = data.get("full_name", "").strip()
    password = data.get("password", "")
    profile, errors = await _profile(data)
    if not username or not username.replace("_", "").replace(".", "").isalnum():
        errors["username"] = [_("Use letters, digits, dots and underscores only.")]
    elif await auth.username_taken(username):
        errors["username"] = [_("This username is already taken.")]
    if not full_name:
        errors["full_name"] = [_("Write the judge's full name with titles, as on the minutes.")]
    generated = ""
    if not password:
        generated = password = secrets.token_urlsafe(9)
    elif len(password) < 8:
        errors["password"] = [_("The password needs at least 8 characters.")]
    if errors:
        raise Refused(errors)
    user_id = await auth.create_user(username, password, "juri", full_name, actor_id=actor_id, **profile)
    return user_id, generated


async def update_judge(user_id: int, data: dict[str, str], comp_id: int, actor_id: int, ip: str = "") -> None:
    before = await User.select(User.full_name, User.nip, User.jabatan, User.instansi, User.home_region_code,
                               User.role).where(User.id == user_id).first()
    if before is None or before["role"] != "juri":
        raise Refused.one("__all__", _("This account is not a judge."), 404)
    profile, errors = await _profile(data)
    full_name = data.get("full_name", "").strip()
    if not full_name:
        errors["full_name"] = [_("Write the judge's full name with titles, as on the minutes.")]
    if errors:
        raise Refused(errors)
    async with write_tx():
        await User.update({User.full_name: full_name, User.nip: profile["nip"], User.jabatan: profile["jabatan"],
                           User.instansi: profile["instansi"],
                           User.home_region_code: profile["home_region_code"]}).where(User.id == user_id)
        await record("update_judge", "user", user_id, user_id=actor_id, competition_id=comp_id,
                     before=before, after={"full_name": full_name, **profile}, ip=ip)


async def judges() -> list[dict[str, Any]]:
    return await User.select(User.id, User.username, User.full_name, User.nip, User.jabatan, User.instansi,
                             User.home_region_code, User.active).where(User.role == "juri").order_by(User.full_name)


async def _stage(comp_id: int, stage_id: int) -> dict[str, Any]:
    stage = await Stage.select().where((Stage.id == stage_id) & (Stage.competition == comp_id)).first()
    if stage is None:
        raise Refused.one("stage", _("Choose a stage of this competition."))
    return stage  # type: ignore[no-any-return]


async def _judge(judge_id: int, field: str = "judge") -> dict[str, Any]:
    judge = await User.select(User.id, User.full_name, User.home_region_code, User.role, User.active).where(
        User.id == judge_id).first()
    if judge is None or judge["role"] != "juri" or not judge["active"]:
        raise Refused.one(field, _("Choose an active judge account."))
    return judge  # type: ignore[no-any-return]


def _closed(comp: dict[str, Any]) -> None:
    if comp["status"] in ("pleno", "final"):
        raise Refused.one("__all__", _("The panel is fixed: the pleno has started."), 409)


async def add_member(comp_id: int, stage_id: int, judge_id: int, role: str, actor_id: int, ip: str = "") -> None:
    comp = await repo.competition(comp_id)
    assert comp is not None
    _closed(comp)
    stage = await _stage(comp_id, stage_id)
    judge = await _judge(judge_id)
    if role not in PANEL_ROLES:
        raise Refused.one("role", _("Choose ketua or anggota."))
    async with write_tx():
        if await PanelMember.exists().where((PanelMember.stage == stage_id) & (PanelMember.judge == judge_id)):
            raise Refused.one("judge", _("This judge already sits on this stage's panel."))
        if role == "ketua" and await PanelMember.exists().where(
            (PanelMember.stage == stage_id) & (PanelMember.role == "ketua")
        ):
            raise Refused.one("role", _("This stage already has a ketua; make the current ketua an anggota first."))
        await PanelMember.insert(PanelMember(stage=stage_id, judge=judge_id, role=role))
        await record("add_panel_member", "panel_member", f"{stage['code']}:{judge_id}", user_id=actor_id,
                     competition_id=comp_id, after={"stage": stage["code"], "judge": judge["full_name"],
                                                    "role": role}, ip=ip)


async def set_member_role(comp_id: int, member_id: int, role: str, actor_id: int, ip: str = "") -> None:
    member = await _member(comp_id, member_id)
    if role not in PANEL_ROLES:
        raise Refused.one("role", _("Choose ketua or anggota."))
    async with write_tx():
        if role == "ketua" and await PanelMember.exists().where(
            (PanelMember.stage == member["stage"]) & (PanelMember.role == "ketua") & (PanelMember.id != member_id)
        ):
            raise Refused.one("__all__", _("This stage already has a ketua; make the current ketua an anggota first."))
        await PanelMember.update({PanelMember.role: role}).where(PanelMember.id == member_id)
        await record("set_panel_role", "panel_member", member_id, user_id=actor_id, competition_id=comp_id,
                     before={"role": member["role"]}, after={"role": role}, ip=ip)


async def _member(comp_id: int, member_id: int) -> dict[str, Any]:
    member = await PanelMember.select(PanelMember.all_columns(), PanelMember.stage.code,
                                      PanelMember.judge.full_name).where(
        (PanelMember.id == member_id) & (PanelMember.stage.competition.id == comp_id)).first()
    if member is None:
        raise Refused.one("__all__", _("This panel member no longer exists; reload the page."), 404)
    return member  # type: ignore[no-any-return]


async def remove_member(comp_id: int, member_id: int, actor_id: int, ip: str = "") -> None:
    comp = await repo.competition(comp_id)
    assert comp is not None
    _closed(comp)
    member = await _member(comp_id, member_id)
    if await Submission.exists().where((Submission.stage == member["stage"]) & (Submission.judge == member["judge"])):
        raise Refused.one("__all__", _("This judge has already submitted sheets in this stage and stays on the panel."),
                          409)
    async with write_tx():
        await Assignment.delete().where((Assignment.stage == member["stage"]) & (Assignment.judge == member["judge"]))
        await PanelMember.delete().where(PanelMember.id == member_id)
        await record("remove_panel_member", "panel_member", member_id, user_id=actor_id, competition_id=comp_id,
                     before={"stage": member["stage.code"], "judge": member["judge.full_name"],
                             "role": member["role"]}, ip=ip)


async def bar(judge: dict[str, Any], entrant_id: int) -> str | None:
    """Why this judge may not judge this entrant (conflict or home region), or None."""
    entrant = await Entrant.select(Entrant.region.code, Entrant.region.name).where(Entrant.id == entrant_id).first()
    if entrant is None:
        return _("This village does not take part.")
    conflict = await Conflict.select(Conflict.reason).where(
        (Conflict.entrant == entrant_id) & (Conflict.judge == judge["id"])).first()
    if conflict:
        return _("%(judge)s declared a conflict of interest with %(village)s: %(reason)s") % {
            "judge": judge["full_name"], "village": entrant["region.name"], "reason": conflict["reason"]}
    home = judge.get("home_region_code") or ""
    code = entrant["region.code"]
    if home and (code == home or code.startswith(home + ".")):
        return _("%(judge)s lives in %(home)s, where %(village)s lies; a judge cannot judge their home area.") % {
            "judge": judge["full_name"], "home": home, "village": entrant["region.name"]}
    return None


async def _groups(comp_id: int, groups: list[str]) -> list[str]:
    if not groups:
        return []
    doc = await catalogue.document(comp_id, await repo.current_version_id(comp_id))
    known = {d["code"] for d in doc["catalogue"]["domains"]} | {
        a["code"] for d in doc["catalogue"]["domains"] for a in d.get("aspects") or []}
    unknown = [g for g in groups if g not in known]
    if unknown:
        raise Refused.one("groups", _("Unknown indicator groups: %(codes)s.") % {"codes": ", ".join(unknown)})
    return groups


async def _check_member(stage_id: int, judge_id: int, field: str = "judge") -> None:
    if not await PanelMember.exists().where((PanelMember.stage == stage_id) & (PanelMember.judge == judge_id)):
        raise Refused.one(field, _("Put the judge on this stage's panel first."))


async def assign(comp_id: int, stage_id: int, judge_id: int, entrant_id: int, groups: list[str], actor_id: int,
                 ip: str = "") -> None:
    """One assignment (or new indicator groups for an existing one); a barred pair is refused and logged."""
    comp = await repo.competition(comp_id)
    assert comp is not None
    _closed(comp)
    stage = await _stage(comp_id, stage_id)
    judge = await _judge(judge_id)
    await _check_member(stage_id, judge_id)
    if not await Entrant.exists().where((Entrant.id == entrant_id) & (Entrant.competition == comp_id)):
        raise Refused.one("entrant", _("Choose a village of this competition."))
    groups = await _groups(comp_id, groups)
    reason = await bar(judge, entrant_id)
    if reason:
        await record("assignment_refused", "assignment", f"{stage['code']}:{judge_id}:{entrant_id}",
                     user_id=actor_id, competition_id=comp_id, after={"reason": reason}, ip=ip)
        raise Refused.one("entrant", reason, 409)
    async with write_tx():
        existing = await Assignment.select().where(
            (Assignment.stage == stage_id) & (Assignment.judge == judge_id) & (Assignment.entrant == entrant_id)
        ).output(load_json=True).first()
        if existing:
            await Assignment.update({Assignment.indicator_groups: groups}).where(Assignment.id == existing["id"])
        else:
            await Assignment.insert(Assignment(stage=stage_id, judge=judge_id, entrant=entrant_id,
                                               indicator_groups=groups, created_at=now()))
        await record("assign", "assignment", f"{stage['code']}:{judge_id}:{entrant_id}", user_id=actor_id,
                     competition_id=comp_id, before={"groups": existing["indicator_groups"]} if existing else None,
                     after={"stage": stage["code"], "judge": judge["full_name"], "entrant": entrant_id,
                            "groups": groups}, ip=ip)


async def assign_all(comp_id: int, stage_ids: list[int], groups: list[str], actor_id: int,
                     ip: str = "") -> tuple[int, list[str]]:
    """Every panel member of each stage to every entrant; barred pairs are skipped. Returns (added, skipped)."""
    comp = await repo.competition(comp_id)
    assert comp is not None
    _closed(comp)
    if not stage_ids:
        raise Refused.one("stages", _("Choose at least one stage."))
    stages = [await _stage(comp_id, s) for s in stage_ids]
    groups = await _groups(comp_id, groups)
    entrant_ids = [e["id"] for e in await repo.entrants(comp_id)]
    if not entrant_ids:
        raise Refused.one("stages", _("Add the villages first."))
    added, skipped, new_rows = 0, [], []
    for stage in stages:
        members = await PanelMember.select(PanelMember.judge).where(PanelMember.stage == stage["id"])
        if not members:
            raise Refused.one("stages", _("Stage %(stage)s has no panel yet.") % {"stage": stage["code"]})
        existing = {(a["judge"], a["entrant"]) for a in await Assignment.select(
            Assignment.judge, Assignment.entrant).where(Assignment.stage == stage["id"])}
        for m in members:
            judge = await _judge(m["judge"])
            for e in entrant_ids:
                if (judge["id"], e) in existing:
                    continue
                reason = await bar(judge, e)
                if reason:
                    skipped.append(f"{stage['code']}: {reason}")
                    continue
                new_rows.append(Assignment(stage=stage["id"], judge=judge["id"], entrant=e,
                                           indicator_groups=groups, created_at=now()))
                added += 1
    async with write_tx():
        if new_rows:
            await Assignment.insert(*new_rows)
        await record("assign_all", "competition", comp_id, user_id=actor_id, competition_id=comp_id,
                     after={"stages": [s["code"] for s in stages], "groups": groups, "added": added,
                            "skipped": skipped}, ip=ip)
    return added, skipped


async def unassign(comp_id: int, assignment_id: int, actor_id: int, ip: str = "") -> None:
    row = await Assignment.select(Assignment.all_columns(), Assignment.stage.code).where(
        (Assignment.id == assignment_id) & (Assignment.stage.competition.id == comp_id)).first()
    if row is None:
        raise Refused.one("__all__", _("This assignment no longer exists; reload the page."), 404)
    sheet = ((Submission.stage == row["stage"]) & (Submission.judge == row["judge"])
             & (Submission.entrant == row["entrant"]))
    if await Submission.exists().where(sheet):
        raise Refused.one("__all__", _("This judge has already submitted this sheet; the assignment stays."), 409)
    async with write_tx():
        await SheetDraft.delete().where((SheetDraft.stage == row["stage"]) & (SheetDraft.judge == row["judge"])
                                        & (SheetDraft.entrant == row["entrant"]))
        await Assignment.delete().where(Assignment.id == assignment_id)
        await record("unassign", "assignment", assignment_id, user_id=actor_id, competition_id=comp_id,
                     before={"stage": row["stage.code"], "judge": row["judge"], "entrant": row["entrant"]}, ip=ip)


async def declare_conflict(comp_id: int, judge_id: int, entrant_id: int, reason: str, actor_id: int,
                           ip: str = "") -> None:
    """Record a judge's conflict of interest; the pair's unscored assignments go, scored ones refuse it."""
    judge = await _judge(judge_id)
    if not await Entrant.exists().where((Entrant.id == entrant_id) & (Entrant.competition == comp_id)):
        raise Refused.one("entrant", _("Choose a village of this competition."))
    if not reason.strip():
        raise Refused.one("reason", _("Write the reason for the conflict of interest."))
    if await Conflict.exists().where((Conflict.entrant == entrant_id) & (Conflict.judge == judge_id)):
        raise Refused.one("entrant", _("This conflict is already recorded."))
    if await Submission.exists().where((Submission.entrant == entrant_id) & (Submission.judge == judge_id)):
        raise Refused.one("entrant", _(
            "This judge has already submitted a sheet for this village; settle it in the pleno."), 409)
    async with write_tx():
        await Conflict.insert(Conflict(entrant=entrant_id, judge=judge_id, reason=reason.strip(), declared_at=now()))
        pair = (Assignment.entrant == entrant_id) & (Assignment.judge == judge_id)
        removed = await Assignment.select(Assignment.id).where(pair)
        await Assignment.delete().where(pair)
        await SheetDraft.delete().where((SheetDraft.entrant == entrant_id) & (SheetDraft.judge == judge_id))
        await record("declare_conflict", "conflict", f"{judge_id}:{entrant_id}", user_id=actor_id,
                     competition_id=comp_id, after={"judge": judge["full_name"], "entrant": entrant_id,
                                                    "reason": reason.strip(),
                                                    "assignments_removed": len(removed)}, ip=ip)
