"""Entrants: choosing the villages of a competition, importing a list of codes, eligibility.

Words: a *candidate* is a village of the organiser region that the track admits (desa and desa adat in
the desa track, kelurahan in the kelurahan track). A *code check* gives every reason a code cannot be
added; an import or an add writes nothing when any code fails. The *eligibility* of an entrant is the
checklist of the criteria version's required documents (DOMAIN.md §3.2) and free notes.
"""

from __future__ import annotations

import re
from typing import Any

from app.audit.services import record
from app.clock import now
from app.competitions import files, repo
from app.competitions.errors import Refused
from app.competitions.tables import Assignment, EligibilityItem, Entrant
from app.db import write_tx
from app.i18n import _
from app.judging.tables import SheetDraft, Submission
from app.regions.tables import Region

TRACK_LEVELS = {"desa": ("desa", "desa_adat"), "kelurahan": ("kelurahan",)}
CODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
CANDIDATE_LIMIT = 300


def _under(region_code: str) -> str:
    return region_code + ".%"


async def kecamatan_options(comp: dict[str, Any]) -> list[dict[str, Any]]:
    region = comp["organiser_region"]
    if comp["level"] == "kecamatan":
        return await Region.select(Region.code, Region.name).where(Region.code == region)
    return await Region.select(Region.code, Region.name).where(
        Region.code.like(_under(region)) & (Region.level == "kecamatan")
    ).order_by(Region.code)


async def candidates(comp: dict[str, Any], q: str = "", kecamatan: str = "") -> list[dict[str, Any]]:
    """Villages of the region the track admits, filtered by kecamatan and a name or code search."""
    query = Region.select(Region.code, Region.name, Region.level, Region.parent_code).where(
        Region.code.like(_under(comp["organiser_region"]))
        & Region.level.is_in(list(TRACK_LEVELS[comp["track"]]))
    )
    if kecamatan:
        query = query.where(Region.parent_code == kecamatan)
    q = q.strip()
    if q:
        query = query.where(repo.ilike(Region.name, f"%{q}%") | Region.code.like(f"{q}%"))
    rows = await query.order_by(Region.code).limit(CANDIDATE_LIMIT)
    taken = {e["code"] for e in await repo.entrants(comp["id"])}
    kec = {k["code"]: k["name"] for k in await kecamatan_options(comp)}
    for r in rows:
        r["taken"] = r["code"] in taken
        r["kecamatan"] = kec.get(r["parent_code"], "")
    return rows


async def check_codes(comp: dict[str, Any], items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(label, code)`` pairs -> ``(label, reason)`` for every code that cannot be added."""
    codes = [c.strip() for _label, c in items]
    regions = {r["code"]: r for r in await Region.select().where(Region.code.is_in(codes or ["-"]))}
    taken = {e["code"] for e in await repo.entrants(comp["id"])}
    admitted = TRACK_LEVELS[comp["track"]]
    seen: set[str] = set()
    problems: list[tuple[str, str]] = []
    for label, raw in items:
        code = raw.strip()
        region = regions.get(code)
        if not code:
            reason = _("The code is empty.")
        elif not CODE_RE.match(code):
            reason = _("%(code)s is not a village code (write it as 52.05.01.2001).") % {"code": code}
        elif region is None:
            reason = _("%(code)s is not in the official list of region codes.") % {"code": code}
        elif not code.startswith(comp["organiser_region"] + "."):
            reason = _("%(code)s %(name)s is outside the organiser region %(region)s.") % {
                "code": code, "name": region["name"], "region": comp["organiser_region.name"]}
        elif region["level"] not in admitted:
            reason = (_("%(code)s %(name)s is a kelurahan; this competition is in the desa track.")
                      if comp["track"] == "desa" else
                      _("%(code)s %(name)s is a desa; this competition is in the kelurahan track.")) % {
                "code": code, "name": region["name"]}
        elif code in seen:
            reason = _("%(code)s appears more than once.") % {"code": code}
        elif code in taken:
            reason = _("%(code)s %(name)s already takes part.") % {"code": code, "name": region["name"]}
        else:
            seen.add(code)
            continue
        seen.add(code)
        problems.append((label, reason))
    return problems


async def add(comp_id: int, items: list[tuple[str, str]], source: str, field: str, actor_id: int,
              ip: str = "") -> int:
    """Add the villages (all or none); returns how many were added."""
    comp = await repo.competition(comp_id)
    assert comp is not None
    if comp["status"] in ("pleno", "final"):
        raise Refused.one(field, _("Villages can no longer be added: the pleno has started."), 409)
    if not items:
        raise Refused.one(field, _("Choose at least one village."))
    problems = await check_codes(comp, items)
    if problems:
        raise Refused({field: [f"{label}: {reason}" if label else reason for label, reason in problems]})
    codes = [c.strip() for _l, c in items]
    async with write_tx():
        await Entrant.insert(*[Entrant(competition=comp_id, region=c, created_at=now()) for c in codes])
        await record("add_entrants", "competition", comp_id, user_id=actor_id, competition_id=comp_id,
                     after={"codes": codes, "source": source}, ip=ip)
    return len(codes)


async def import_file(comp_id: int, filename: str, data: bytes, actor_id: int, ip: str = "") -> int:
    """Add the codes listed in a CSV or XLSX file (a column ``kode`` or ``code``, or the first column)."""
    try:
        rows = files.table_rows(filename, data)
    except files.FileProblem as problem:
        raise Refused.one("file", _(problem.message)) from problem
    column = 0
    if rows and not rows[0][1][0][:1].isdigit():
        header = [c.lower() for c in rows[0][1]]
        column = next((i for i, c in enumerate(header) if c in ("kode", "code", "kode wilayah", "kode_wilayah")), 0)
        rows = rows[1:]
    items = [(_("line %(line)d") % {"line": line}, cells[column] if column < len(cells) else "")
             for line, cells in rows]
    return await add(comp_id, items, f"file:{filename}", "file", actor_id, ip)


async def remove(comp_id: int, entrant_id: int, actor_id: int, ip: str = "") -> None:
    entrant = await _entrant(comp_id, entrant_id)
    comp = await repo.competition(comp_id)
    assert comp is not None
    scored = await Submission.exists().where(Submission.entrant == entrant_id) or await SheetDraft.exists().where(
        SheetDraft.entrant == entrant_id)
    if comp["status"] != "draft" or scored:
        raise Refused.one("__all__", _("A village can only be removed while the competition is a draft."), 409)
    async with write_tx():
        await Assignment.delete().where(Assignment.entrant == entrant_id)
        await Entrant.delete().where(Entrant.id == entrant_id)
        await record("remove_entrant", "entrant", entrant_id, user_id=actor_id, competition_id=comp_id,
                     before={"code": entrant["region.code"], "name": entrant["region.name"]}, ip=ip)


async def _entrant(comp_id: int, entrant_id: int) -> dict[str, Any]:
    row = await Entrant.select(
        Entrant.all_columns(), Entrant.region.code, Entrant.region.name
    ).where((Entrant.id == entrant_id) & (Entrant.competition == comp_id)).output(load_json=True).first()
    if row is None:
        raise Refused.one("__all__", _("This village does not take part in this competition."), 404)
    return row  # type: ignore[no-any-return]


async def entrant(comp_id: int, entrant_id: int) -> dict[str, Any]:
    return await _entrant(comp_id, entrant_id)


async def eligibility_items(comp_id: int) -> list[dict[str, Any]]:
    version_id = await repo.current_version_id(comp_id)
    if version_id is None:
        return []
    return await EligibilityItem.select().where(EligibilityItem.version == version_id).order_by(
        EligibilityItem.position)


async def save_eligibility(comp_id: int, entrant_id: int, checked: list[str], notes: str, actor_id: int,
                           ip: str = "") -> None:
    row = await _entrant(comp_id, entrant_id)
    items = {i["code"] for i in await eligibility_items(comp_id)}
    after = {code: code in checked for code in sorted(items)}
    async with write_tx():
        await Entrant.update({Entrant.eligibility: after, Entrant.eligibility_notes: notes.strip()}).where(
            Entrant.id == entrant_id)
        await record("update_eligibility", "entrant", entrant_id, user_id=actor_id, competition_id=comp_id,
                     before={"eligibility": row["eligibility"], "notes": row["eligibility_notes"]},
                     after={"eligibility": after, "notes": notes.strip()}, ip=ip)
