"""Editing the criteria catalogue: presets and imports, item edits, versions, the freeze.

Words: an *edit* takes the current version as a document (``catalogue.document``), changes a copy, has
``validate_catalogue`` check the whole of it and, when valid, writes the version's content anew in one
transaction. The *changed indicators* of an edit are those whose own fields, aspect, domain or domain
weight differ between before and after (or which appear or disappear); an indicator *has scores* when a
submitted version (any status but rejected) or a judge's draft of this competition holds a value for its
code. The rules:
- in ``draft`` anything may change;
- once scoring opens the version is *frozen*: nothing changes until the committee makes a new version;
- in a new version made after scoring opened, a change to an indicator that has scores is refused;
- after ``pleno`` the criteria are fixed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from app.audit.services import record
from app.clock import now
from app.competitions import catalogue, catalogue_files, files, repo
from app.competitions.errors import Refused
from app.competitions.tables import Competition, CriteriaVersion
from app.competitions.validation import fields_under, validate_catalogue
from app.db import write_tx
from app.i18n import _

Doc = dict[str, Any]
# A change to a copy of the document; returns the path of the edited item (for the form's fields) or "".
Mutation = Callable[[Doc], str]


def flatten(doc: Doc) -> dict[str, str]:
    """Each indicator code -> a canonical text of everything that decides its score."""
    out: dict[str, str] = {}
    cat = doc["catalogue"]
    for d in cat.get("domains") or []:
        for a in d.get("aspects") or []:
            for ind in a.get("indicators") or []:
                out[str(ind.get("code"))] = json.dumps(
                    [d.get("code"), str(d.get("weight")), a.get("code"), _canon(ind)], sort_keys=True)
    for ind in cat.get("presentation") or []:
        out[str(ind.get("code"))] = json.dumps(["", "", "", _canon(ind)], sort_keys=True)
    return out


def _canon(ind: dict[str, Any]) -> dict[str, str]:
    return {k: str(catalogue.plain(v)) if not isinstance(v, dict) else json.dumps(
        {str(kk): str(vv) for kk, vv in v.items()}, sort_keys=True) for k, v in ind.items()}


def changed_indicators(before: Doc, after: Doc) -> set[str]:
    old, new = flatten(before), flatten(after)
    return {code for code in old.keys() | new.keys() if old.get(code) != new.get(code)}


def _items(doc: Doc) -> dict[str, dict[str, Any]]:
    """Every item of the catalogue without its children, with its place: the audit's before/after."""
    out: dict[str, dict[str, Any]] = {}
    cat = doc["catalogue"]
    for i, e in enumerate(cat.get("eligibility") or []):
        out[f"eligibility:{e.get('code')}"] = {**e, "position": i}
    for di, d in enumerate(cat.get("domains") or []):
        out[f"domain:{d.get('code')}"] = {k: v for k, v in d.items() if k != "aspects"} | {"position": di}
        for ai, a in enumerate(d.get("aspects") or []):
            out[f"aspect:{a.get('code')}"] = {"code": a.get("code"), "name": a.get("name"),
                                              "domain": d.get("code"), "position": ai}
            for ii, ind in enumerate(a.get("indicators") or []):
                out[f"indicator:{ind.get('code')}"] = {**ind, "aspect": a.get("code"), "position": ii}
    for ii, ind in enumerate(cat.get("presentation") or []):
        out[f"indicator:{ind.get('code')}"] = {**ind, "aspect": None, "position": ii}
    return out


def audit_diff(before: Doc, after: Doc) -> tuple[dict[str, Any], dict[str, Any]]:
    old, new = _items(before), _items(after)
    keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    return {k: old.get(k) for k in keys}, {k: new.get(k) for k in keys}


async def _state(comp_id: int) -> tuple[dict[str, Any], int | None, bool]:
    comp = await repo.competition(comp_id)
    if comp is None:
        raise LookupError(comp_id)
    version_id = await repo.current_version_id(comp_id)
    frozen = False
    if version_id:
        row = await CriteriaVersion.select(CriteriaVersion.frozen).where(CriteriaVersion.id == version_id).first()
        frozen = bool(row and row["frozen"])
    return comp, version_id, frozen


def _refuse_problems(problems: list[tuple[str, str]], doc: Doc, prefix: str,
                     where: dict[str, str] | None = None) -> Refused:
    mine, rest = fields_under(problems, prefix) if prefix else ({}, problems)
    errors = {field: [_(m) for m in messages] for field, messages in mine.items()}
    for path, message in rest:
        errors.setdefault("__all__", []).append(f"{catalogue_files.locate(path, doc, where or {})}: {_(message)}")
    return Refused(errors)


async def check_change_allowed(comp_id: int, before: Doc, after: Doc) -> None:
    """Refuse with the reason when the competition's state does not allow this change."""
    comp, _version_id, frozen = await _state(comp_id)
    if comp["status"] in ("pleno", "final"):
        raise Refused.one("__all__", _("The criteria are fixed: the pleno has started."), 409)
    if comp["status"] == "draft":
        return
    if frozen:
        raise Refused.one("__all__", _(
            "The criteria are frozen because scoring is open. To change them, first make a new version "
            "(button below); only indicators that have no scores yet may then change."), 409)
    scored = sorted(changed_indicators(before, after) & await repo.scored_codes(comp_id))
    if scored:
        raise Refused.one("__all__", _(
            "Refused: scores already exist for %(codes)s. An indicator that has been scored cannot change."
        ) % {"codes": ", ".join(scored)}, 409)


async def apply(comp_id: int, mutate: Mutation, action: str, actor_id: int, ip: str = "") -> None:
    """Apply one edit to the current version: checked by the scoring rules, refused or written whole."""
    _comp, version_id, _frozen = await _state(comp_id)
    if version_id is None:
        raise Refused.one("__all__", _("Start the criteria from the preset or import a file first."), 409)
    before = await catalogue.document(comp_id, version_id)
    after = copy.deepcopy(before)
    prefix = mutate(after)
    problems = validate_catalogue(after)
    if problems:
        raise _refuse_problems(problems, after, prefix)
    await check_change_allowed(comp_id, before, after)
    old, new = audit_diff(before, after)
    async with write_tx():
        await catalogue.replace_content(version_id, after["catalogue"])
        await record(action, "criteria_version", version_id, user_id=actor_id, competition_id=comp_id,
                     before=old, after=new, ip=ip)


async def start_from(comp_id: int, doc: Doc, source: str, actor_id: int, ip: str = "",
                     where: dict[str, str] | None = None) -> None:
    """Fill the current version from a preset or an imported file (domains, aspects, indicators,
    eligibility; the competition's stages stay; a ``rules:`` block is taken while in draft)."""
    comp, version_id, _frozen = await _state(comp_id)
    before = await catalogue.document(comp_id, version_id)
    incoming = doc.get("catalogue") or {}
    after = copy.deepcopy(before)
    for key in ("eligibility", "domains", "presentation"):
        after["catalogue"][key] = incoming.get(key) or []
    after["catalogue"]["code"] = incoming.get("code") or before["catalogue"].get("code") or ""
    if doc.get("rules") and comp["status"] == "draft":
        after["rules"] = {**before["rules"], **doc["rules"]}
    problems = validate_catalogue(after)
    if problems:
        raise _refuse_problems(problems, after, "", where)
    if version_id is not None:
        await check_change_allowed(comp_id, before, after)
    old, new = audit_diff(before, after)
    async with write_tx():
        if version_id is None:
            version_id = await catalogue.write_version(
                comp_id, after["catalogue"], comp["criteria_version"], actor_id=actor_id, note=source)
        else:
            await catalogue.replace_content(version_id, after["catalogue"])
        if after["rules"] != before["rules"]:
            await Competition.update({Competition.rules: after["rules"]}).where(Competition.id == comp_id)
        await record("import_criteria", "criteria_version", version_id, user_id=actor_id, competition_id=comp_id,
                     before={"source": None, "items": len(old)}, after={"source": source, "changed": new}, ip=ip)


async def start_from_preset(comp_id: int, actor_id: int, ip: str = "") -> None:
    await start_from(comp_id, catalogue.load_preset(), "preset:default", actor_id, ip)


async def import_file(comp_id: int, filename: str, data: bytes, actor_id: int, ip: str = "") -> None:
    """Import a YAML or XLSX catalogue; every bad row is reported and nothing is written."""
    try:
        if not data:
            raise files.FileProblem(files.MSG_EMPTY)
        if files.is_xlsx(data):
            doc, row_problems, where = catalogue_files.from_xlsx(data)
        elif filename.lower().endswith((".yaml", ".yml")):
            doc, row_problems = catalogue_files.from_yaml(data)
            where = {}
        else:
            raise files.FileProblem(files.MSG_TYPE_CATALOGUE)
    except files.FileProblem as problem:
        raise Refused.one("file", _(problem.message)) from problem
    if row_problems:
        raise Refused({"file": [f"{loc}: {_(msg)}" for loc, msg in row_problems]})
    try:
        await start_from(comp_id, doc or {}, f"file:{filename}", actor_id, ip, where)
    except Refused as refused:
        # The problems belong to the file, not to a form field.
        raise Refused({"file": [m for ms in refused.errors.values() for m in ms]}, refused.status_code) from None


async def new_version(comp_id: int, note: str, actor_id: int, ip: str = "") -> int:
    """Copy the frozen current version into a new, open one and make it current."""
    comp, version_id, frozen = await _state(comp_id)
    if comp["status"] != "penilaian" or not frozen or version_id is None:
        raise Refused.one("note", _("A new version is only needed when scoring is open and the criteria are frozen."),
                          409)
    if not note.strip():
        raise Refused.one("note", _("Write why the criteria must change (it goes into the audit log)."))
    doc = await catalogue.document(comp_id, version_id)
    number = comp["criteria_version"] + 1
    async with write_tx():
        new_id = await catalogue.write_version(comp_id, doc["catalogue"], number, actor_id=actor_id,
                                               note=note.strip())
        await Competition.update({Competition.criteria_version: number}).where(Competition.id == comp_id)
        await record("new_criteria_version", "criteria_version", new_id, user_id=actor_id,
                     competition_id=comp_id, before={"version": number - 1},
                     after={"version": number, "note": note.strip()}, ip=ip)
    return new_id


async def freeze(comp_id: int, actor_id: int, ip: str = "") -> None:
    comp, version_id, frozen = await _state(comp_id)
    if comp["status"] != "penilaian" or frozen or version_id is None:
        raise Refused.one("__all__", _("Only an open version made while scoring is open can be frozen here."), 409)
    async with write_tx():
        await CriteriaVersion.update({CriteriaVersion.frozen: True}).where(CriteriaVersion.id == version_id)
        await record("freeze_criteria", "criteria_version", version_id, user_id=actor_id, competition_id=comp_id,
                     after={"frozen": True, "at": now()}, ip=ip)


async def versions(comp_id: int) -> list[dict[str, Any]]:
    return await CriteriaVersion.select(
        CriteriaVersion.id, CriteriaVersion.number, CriteriaVersion.frozen, CriteriaVersion.note,
        CriteriaVersion.created_at, CriteriaVersion.created_by.full_name,
    ).where(CriteriaVersion.competition == comp_id).order_by(CriteriaVersion.number)
