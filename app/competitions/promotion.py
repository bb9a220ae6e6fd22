"""Tiered rounds: the best villages of a finished competition go on to the next level.

Words: the *source* is a ``final`` competition; the *target* is a new draft competition one level up
(kecamatan → kabupaten → provinsi) whose organiser region holds the source's region, with
``Competition.parent`` pointing at the source and each new entrant's ``promoted_from`` at the entrant it
came from. The *ranking* is read from the source's standing result snapshot (its ``result.entrants``,
already in rank order, each with its village code under ``entrant``); the committee ticks the villages.
"""

from __future__ import annotations

import json
from typing import Any

from app.audit.services import record
from app.clock import now
from app.competitions import catalogue, repo
from app.competitions.errors import Refused
from app.competitions.services import DEFAULT_RULES, NEXT_LEVEL
from app.competitions.tables import Competition, Entrant
from app.db import write_tx
from app.i18n import _
from app.regions.tables import Region
from app.results.tables import Snapshot


async def children(comp_id: int) -> list[dict[str, Any]]:
    return await Competition.select(Competition.id, Competition.name, Competition.level).where(
        Competition.parent == comp_id)


async def ranking(comp_id: int) -> list[str]:
    """Region codes in rank order from the standing snapshot, or [] when there is none to read."""
    snap = await Snapshot.select(Snapshot.payload).where(
        (Snapshot.competition == comp_id) & Snapshot.superseded_at.is_null()
    ).order_by(Snapshot.id, ascending=False).first()
    if not snap:
        return []
    try:
        payload = json.loads(snap["payload"])
    except ValueError:
        return []
    result = payload.get("result") if isinstance(payload, dict) else None
    rows = result.get("entrants") if isinstance(result, dict) else None
    if not isinstance(rows, list):
        return []
    return [row["entrant"] for row in rows if isinstance(row, dict) and isinstance(row.get("entrant"), str)]


async def _target_region(comp: dict[str, Any]) -> dict[str, Any] | None:
    code = comp["organiser_region"]
    parent = code.rsplit(".", 1)[0] if "." in code else ""
    return await Region.select().where(Region.code == parent).first() if parent else None


async def form_context(comp: dict[str, Any]) -> dict[str, Any]:
    entrants = await repo.entrants(comp["id"])
    order = await ranking(comp["id"])
    position = {code: i for i, code in enumerate(order)}
    entrants.sort(key=lambda e: (position.get(e["code"], len(order)), e["code"]))
    region = await _target_region(comp)
    level = NEXT_LEVEL.get(comp["level"])
    name = ""
    if region and level:
        name = f"Lomba Desa Tingkat {level.capitalize()} {region['name']} Tahun {comp['year']}"
    return {
        "entrants": entrants, "ranked": bool(order), "target_level": level, "target_region": region,
        "form": {"name": name, "top_n": "3"},
    }


async def promote(comp: dict[str, Any], data: dict[str, str], entrant_ids: list[int], actor_id: int,
                  ip: str = "") -> int:
    """Make the next-level competition with the chosen entrants; returns its id."""
    level = NEXT_LEVEL.get(comp["level"])
    if comp["status"] != "final":
        raise Refused.one("__all__", _("Only a final competition can promote its villages."), 409)
    if level is None:
        raise Refused.one("__all__", _("A province round has no next level here."), 409)
    region = await _target_region(comp)
    if region is None:
        raise Refused.one("__all__", _("The region of the next level is not loaded."), 409)
    name = data.get("name", "").strip()
    if not name:
        raise Refused.one("name", _("Give the competition a name."))
    entrants = {e["id"]: e for e in await repo.entrants(comp["id"])}
    chosen = [entrants[i] for i in entrant_ids if i in entrants]
    if not chosen:
        raise Refused.one("entrant", _("Choose the villages to promote."))
    preset = catalogue.load_preset()["catalogue"]
    async with write_tx():
        rows = await Competition.insert(Competition(
            name=name, year=comp["year"], level=level, organiser_region=region["code"], track=comp["track"],
            status="draft", rules=dict(DEFAULT_RULES), criteria_version=1, parent=comp["id"], created_at=now(),
            letterhead_government=comp["letterhead_government"],
        )).returning(Competition.id)
        new_id = int(rows[0]["id"])
        await catalogue.create_stages(new_id, preset)
        await Entrant.insert(*[Entrant(competition=new_id, region=e["code"], promoted_from=e["id"], created_at=now())
                               for e in chosen])
        await record("promote", "competition", new_id, user_id=actor_id, competition_id=new_id,
                     after={"from": comp["id"], "level": level, "codes": [e["code"] for e in chosen]}, ip=ip)
        await record("promote", "competition", comp["id"], user_id=actor_id, competition_id=comp["id"],
                     after={"to": new_id, "codes": [e["code"] for e in chosen]}, ip=ip)
    return new_id
