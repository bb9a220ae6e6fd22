"""Setting up a competition: its identity and letterhead, stages, scoring options and status moves.

Words: *identity* is name, year, level, track, organiser region and the place of the minutes; the
*letterhead* is what the printed documents carry at the top. A *status move* goes one step forward:
draft → penilaian (scoring opens; the criteria version freezes) → pleno → final. *Readiness* lists what
must be in place before scoring opens. Every change is one write transaction with its audit row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.audit.services import record
from app.clock import now
from app.competitions import catalogue, repo
from app.competitions.errors import Refused
from app.competitions.tables import LEVELS, STATUSES, TRACKS, Competition, CriteriaVersion, Stage
from app.competitions.validation import number, validate_catalogue
from app.db import write_tx
from app.i18n import N_, _
from app.regions.tables import Region

# The organiser region's level for each competition level.
ORGANISER_LEVELS = {"kecamatan": ("kecamatan",), "kabupaten": ("kabupaten", "kota"), "provinsi": ("provinsi",)}
NEXT_LEVEL = {"kecamatan": "kabupaten", "kabupaten": "provinsi"}
NEXT_STATUS = {"draft": "penilaian", "penilaian": "pleno", "pleno": "final"}
DEFAULT_RULES: dict[str, Any] = {
    "aggregation": "mean",
    "normalization": "none",
    "tie_breaks": [],
    "awards": ["Juara I", "Juara II", "Juara III", "Harapan I", "Harapan II", "Harapan III"],
    "divergence_tolerance": 2,
}
PAPERS = ("F4", "A4")
IDENTITY_FIELDS = ("name", "year", "level", "track", "organiser_region", "place", "letterhead_government",
                   "letterhead_instansi", "letterhead_address", "paper", "document_number_prefix",
                   "document_unit_code")


async def resolve_region(text: str, level: str) -> tuple[str | None, str | None]:
    """The code of the organiser region typed as a code or a name, or (None, message)."""
    text = text.strip()
    levels = ORGANISER_LEVELS.get(level, ())
    if not text:
        return None, _("Type the code or the name of the region, for example 52.05 or Dompu.")
    code = text.split(" ", 1)[0]
    row = await Region.select().where(Region.code == code).first()
    # "Kabupaten Dompu (52.05)" as offered by the list, or a bare name.
    if row is None and text.endswith(")") and "(" in text:
        row = await Region.select().where(Region.code == text.rsplit("(", 1)[1].rstrip(")")).first()
    if row is None:
        bare = text
        for prefix in ("kabupaten ", "kab. ", "kab ", "kota ", "kecamatan ", "kec. ", "provinsi "):
            if bare.lower().startswith(prefix):
                bare = bare[len(prefix):].strip()
        names = [bare, f"Kabupaten {bare}", f"Kota {bare}"]
        matches = await Region.select().where(
            Region.level.is_in(list(levels) or ["-"])
            & (repo.ilike(Region.name, names[0]) | repo.ilike(Region.name, names[1])
               | repo.ilike(Region.name, names[2]))
        ).order_by(Region.code)
        if len(matches) > 1 and text.lower().startswith(("kab", "kota")):
            matches = [m for m in matches if m["name"].lower() == text.lower().replace("kab. ", "kabupaten ")]
        if len(matches) == 1:
            row = matches[0]
        elif len(matches) > 1:
            options = ", ".join(f"{m['name']} ({m['code']})" for m in matches[:8])
            return None, _("Several regions have this name; type the code: %(options)s.") % {"options": options}
    if row is None:
        return None, _("No region with this code or name was found in the official list.")
    if row["level"] not in levels:
        return None, _("This region does not fit the level: a %(level)s competition is organised by a %(need)s.") % {
            "level": _(N_LEVEL.get(level, level)), "need": " / ".join(levels)}
    return row["code"], None


N_LEVEL = {"kecamatan": N_("kecamatan"), "kabupaten": N_("kabupaten"), "provinsi": N_("provinsi")}


async def check_identity(data: dict[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The cleaned identity fields and the problems, field by field."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    values["name"] = data.get("name", "").strip()
    if not values["name"]:
        err("name", _("Give the competition a name."))
    year = data.get("year", "").strip()
    if not year.isdigit() or not 2000 <= int(year) <= 2100:
        err("year", _("Enter the year as four digits, for example 2026."))
    else:
        values["year"] = int(year)
    values["level"] = data.get("level", "")
    if values["level"] not in LEVELS:
        err("level", _("Choose the level."))
    values["track"] = data.get("track", "")
    if values["track"] not in TRACKS:
        err("track", _("Choose desa or kelurahan."))
    if values["level"] in LEVELS:
        code, message = await resolve_region(data.get("organiser_region", ""), values["level"])
        if message:
            err("organiser_region", message)
        values["organiser_region"] = code
    for field in ("place", "letterhead_government", "letterhead_instansi", "letterhead_address",
                  "document_number_prefix", "document_unit_code"):
        values[field] = data.get(field, "").strip()
    values["paper"] = data.get("paper", "F4")
    if values["paper"] not in PAPERS:
        err("paper", _("Choose F4 or A4."))
    return values, errors


async def create_competition(data: dict[str, str], actor_id: int, ip: str = "") -> int:
    """A new draft competition with the preset's stages and default scoring options."""
    values, errors = await check_identity(data)
    if errors:
        raise Refused(errors)
    preset = catalogue.load_preset()["catalogue"]
    async with write_tx():
        rows = await Competition.insert(
            Competition(status="draft", rules=dict(DEFAULT_RULES), criteria_version=1, created_at=now(),
                        **values)
        ).returning(Competition.id)
        comp_id = int(rows[0]["id"])
        await catalogue.create_stages(comp_id, preset)
        await record("create_competition", "competition", comp_id, user_id=actor_id, competition_id=comp_id,
                     after=values, ip=ip)
    return comp_id


async def _current(comp_id: int) -> dict[str, Any]:
    comp = await repo.competition(comp_id)
    if comp is None:
        raise LookupError(comp_id)
    return comp


async def update_identity(comp_id: int, data: dict[str, str], logo: tuple[bytes, str] | None,
                          remove_logo: bool, actor_id: int, ip: str = "") -> None:
    """Save identity and letterhead. Level, track and region are fixed once the competition has entrants."""
    comp = await _current(comp_id)
    values, errors = await check_identity(data)
    entrant_count = len(await repo.entrants(comp_id))
    if entrant_count:
        for field in ("level", "track", "organiser_region"):
            if field in values and values[field] != comp[field] and field not in errors:
                errors.setdefault(field, []).append(
                    _("This cannot change while the competition has villages; remove them first."))
    if comp["status"] in ("pleno", "final"):
        errors.setdefault("__all__", []).append(_("The competition is past scoring; its identity is fixed."))
    if errors:
        raise Refused(errors)
    changes: dict[Any, Any] = {getattr(Competition, k): v for k, v in values.items()}
    after = dict(values)
    if logo is not None:
        changes[Competition.letterhead_logo] = logo[0]
        changes[Competition.letterhead_logo_type] = logo[1]
        after["letterhead_logo"] = f"{logo[1]}, {len(logo[0])} bytes"
    elif remove_logo:
        changes[Competition.letterhead_logo] = None
        changes[Competition.letterhead_logo_type] = ""
        after["letterhead_logo"] = None
    before = {k: comp.get(k) for k in values}
    async with write_tx():
        await Competition.update(changes).where(Competition.id == comp_id)
        await record("update_competition", "competition", comp_id, user_id=actor_id, competition_id=comp_id,
                     before=before, after=after, ip=ip)


async def logo(comp_id: int) -> tuple[bytes, str] | None:
    row = await Competition.select(Competition.letterhead_logo, Competition.letterhead_logo_type).where(
        Competition.id == comp_id
    ).first()
    if not row or not row["letterhead_logo"]:
        return None
    return bytes(row["letterhead_logo"]), row["letterhead_logo_type"]


def parse_stage_rows(data: dict[str, str]) -> list[dict[str, Any]]:
    """Stage rows of the form (``stage-N-code`` ...); a row with an empty code and name is left out."""
    rows = []
    indexes = sorted({int(k.split("-")[1]) for k in data if k.startswith("stage-") and k.count("-") == 2
                      and k.split("-")[1].isdigit()})
    for i in indexes:
        code = data.get(f"stage-{i}-code", "").strip()
        name = data.get(f"stage-{i}-name", "").strip()
        if not code and not name:
            continue
        rows.append({
            "index": i,
            "code": code,
            "name": name,
            "weight": data.get(f"stage-{i}-weight", "").strip(),
            "order": data.get(f"stage-{i}-order", "").strip(),
            "only_top_n": data.get(f"stage-{i}-top_n", "").strip() or None,
        })
    return rows


async def save_stages(comp_id: int, data: dict[str, str], actor_id: int, ip: str = "") -> None:
    """Replace the stages by the rows of the form (draft only); stages keep their id where the code stays."""
    comp = await _current(comp_id)
    if comp["status"] != "draft":
        raise Refused.one("__all__", _("Stages can only change while the competition is a draft."), 409)
    rows = parse_stage_rows(data)
    errors: dict[str, list[str]] = {}
    for row in rows:
        order = number(row["order"]) if row["order"] else Decimal(row["index"])
        if order is None or order != order.to_integral_value():
            errors.setdefault(f"stage-{row['index']}-order", []).append(_("Enter a whole number."))
        row["position"] = int(order) if order is not None and order == order.to_integral_value() else 0
    rows.sort(key=lambda r: (r["position"], r["index"]))
    doc = await catalogue.document(comp_id, await repo.current_version_id(comp_id))
    doc["catalogue"]["stages"] = [
        {k: r[k] for k in ("code", "name", "weight", "only_top_n")} for r in rows
    ]
    for path, message in validate_catalogue(doc):
        if path.startswith("catalogue.stages["):
            index = int(path.split("[", 1)[1].split("]", 1)[0])
            field = path.rsplit(".", 1)[1].replace("only_top_n", "top_n")
            errors.setdefault(f"stage-{rows[index]['index']}-{field}", []).append(_(message))
        elif path == "catalogue.stages":
            errors.setdefault("__all__", []).append(_(message))
        elif path.endswith(".stage") or path.startswith("rules.tie_breaks"):
            errors.setdefault("__all__", []).append(
                _("A stage that indicators or tie-breaks still use cannot be removed or renamed."))
    if errors:
        raise Refused(errors)
    existing = {s["code"]: s for s in await repo.stages(comp_id)}
    before = [{"code": s["code"], "name": s["name"], "weight": s["weight"], "top_n": s["top_n"]}
              for s in existing.values()]
    async with write_tx():
        keep = {r["code"] for r in rows}
        gone = [s["id"] for code, s in existing.items() if code not in keep]
        if gone:
            await Stage.delete().where(Stage.id.is_in(gone))
        for position, r in enumerate(rows, start=1):
            values = {Stage.name: r["name"], Stage.weight: number(r["weight"]), Stage.position: position,
                      Stage.top_n: int(number(r["only_top_n"]) or 0) or None if r["only_top_n"] else None}
            if r["code"] in existing:
                await Stage.update(values).where(Stage.id == existing[r["code"]]["id"])
            else:
                await Stage.insert(Stage(competition=comp_id, code=r["code"], name=r["name"],
                                         weight=number(r["weight"]), position=position,
                                         top_n=values[Stage.top_n]))
        await record("update_stages", "competition", comp_id, user_id=actor_id, competition_id=comp_id,
                     before=before, after=[{k: r[k] for k in ("code", "name", "weight", "only_top_n")}
                                           for r in rows], ip=ip)


def parse_rules(data: dict[str, str]) -> dict[str, Any]:
    def lines(text: str) -> list[str]:
        return [p.strip() for p in text.replace(",", "\n").splitlines() if p.strip()]

    rules: dict[str, Any] = {
        "aggregation": data.get("aggregation", "mean"),
        "normalization": data.get("normalization", "none"),
        "tie_breaks": lines(data.get("tie_breaks", "")),
        "awards": [a.strip() for a in data.get("awards", "").splitlines() if a.strip()],
    }
    tolerance = data.get("divergence_tolerance", "").strip()
    rules["divergence_tolerance"] = tolerance.replace(",", ".") if tolerance else None
    return rules


async def save_rules(comp_id: int, data: dict[str, str], actor_id: int, ip: str = "") -> None:
    comp = await _current(comp_id)
    if comp["status"] in ("pleno", "final"):
        raise Refused.one("__all__", _("The scoring options are fixed once the pleno has started."), 409)
    new = parse_rules(data)
    doc = await catalogue.document(comp_id, await repo.current_version_id(comp_id))
    old = doc["rules"]
    merged = {**old, **new}
    if merged["divergence_tolerance"] is None:
        merged.pop("divergence_tolerance")
    doc["rules"] = merged
    errors: dict[str, list[str]] = {}
    for path, message in validate_catalogue(doc):
        if path.startswith("rules."):
            field = path.split(".", 1)[1].split("[", 1)[0]
            errors.setdefault(field, []).append(_(message))
    if errors:
        raise Refused(errors)
    if "divergence_tolerance" in merged:
        merged["divergence_tolerance"] = float(number(merged["divergence_tolerance"]) or 0)
    async with write_tx():
        await Competition.update({Competition.rules: merged}).where(Competition.id == comp_id)
        await record("update_rules", "competition", comp_id, user_id=actor_id, competition_id=comp_id,
                     before=old, after=merged, ip=ip)


async def readiness(comp_id: int) -> list[dict[str, Any]]:
    """What must be in place before scoring opens: ``{"label", "ok", "link"}`` items."""
    version_id = await repo.current_version_id(comp_id)
    doc = await catalogue.document(comp_id, version_id)
    problems = validate_catalogue(doc) if version_id else []
    entrants = len(await repo.entrants(comp_id))
    stages = await repo.stages(comp_id)
    counts = await repo.assignment_counts(comp_id)
    unassigned = [s["code"] for s in stages if not s["top_n"] and not counts.get(s["id"])]
    return [
        {"label": _("The criteria are in place and valid"), "ok": bool(version_id) and not problems,
         "link": "criteria"},
        {"label": _("At least one village takes part"), "ok": entrants > 0, "link": "entrants"},
        {"label": _("Every stage (except top-N stages) has judges assigned"),
         "ok": bool(stages) and not unassigned, "link": "panel",
         "detail": ", ".join(unassigned)},
    ]


async def move_status(comp_id: int, target: str, actor_id: int, ip: str = "") -> None:
    """One step forward; opening scoring needs every readiness item and freezes the criteria version."""
    comp = await _current(comp_id)
    if target not in STATUSES or NEXT_STATUS.get(comp["status"]) != target:
        raise Refused.one("__all__", _("The status can only move one step forward."), 409)
    if target == "penilaian":
        missing = [item["label"] for item in await readiness(comp_id) if not item["ok"]]
        if missing:
            raise Refused({"__all__": [_("Scoring cannot open yet:"), *missing]}, 409)
    version_id = await repo.current_version_id(comp_id)
    async with write_tx():
        await Competition.update({Competition.status: target}).where(Competition.id == comp_id)
        if target == "penilaian" and version_id:
            await CriteriaVersion.update({CriteriaVersion.frozen: True}).where(CriteriaVersion.id == version_id)
        await record("move_status", "competition", comp_id, user_id=actor_id, competition_id=comp_id,
                     before={"status": comp["status"]}, after={"status": target}, ip=ip)


def next_status(status: str) -> str | None:
    return NEXT_STATUS.get(status)


async def organiser_choices(level: str) -> list[dict[str, Any]]:
    """Regions offered in the organiser field's list (kecamatan are too many: typed instead)."""
    levels = ORGANISER_LEVELS.get(level, ("kabupaten", "kota", "provinsi"))
    if "kecamatan" in levels:
        return []
    return await Region.select(Region.code, Region.name).where(Region.level.is_in(list(levels))).order_by(
        Region.code
    )
