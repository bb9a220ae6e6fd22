"""The criteria catalogue in the database: import from the YAML format of ``criteria_default.yaml``.

Words: a *catalogue* is the YAML mapping under ``catalogue:`` (stages, eligibility, domains → aspects →
indicators, presentation items); the optional ``rules:`` block holds the scoring options. Importing
writes a new criteria version of a competition in one transaction: all of it or nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from app.clock import now
from app.competitions.tables import (
    Aspect,
    Competition,
    CriteriaVersion,
    Domain,
    EligibilityItem,
    Indicator,
    Stage,
)

PRESET_DIR = Path(__file__).resolve().parent / "presets"
DEFAULT_PRESET = PRESET_DIR / "criteria_default.yaml"


def load_preset(path: Path = DEFAULT_PRESET) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or "catalogue" not in data:
        raise ValueError(f"{path}: no 'catalogue:' mapping")
    return data


def _dec(value: Any, default: str = "0") -> Decimal:
    return Decimal(str(value if value is not None else default))


async def create_stages(competition_id: int, catalogue: dict[str, Any]) -> None:
    for position, stage in enumerate(catalogue.get("stages") or [], start=1):
        await Stage.insert(
            Stage(
                competition=competition_id,
                code=stage["code"],
                name=stage["name"],
                weight=_dec(stage["weight"]),
                position=position,
                top_n=stage.get("only_top_n"),
            )
        )


async def write_version(
    competition_id: int, catalogue: dict[str, Any], number: int, actor_id: int | None = None, note: str = ""
) -> int:
    """Write criteria version ``number`` of a competition; call inside a write transaction."""
    rows = await CriteriaVersion.insert(
        CriteriaVersion(
            competition=competition_id,
            number=number,
            catalogue_code=catalogue.get("code", ""),
            note=note,
            created_by=actor_id,
            created_at=now(),
        )
    ).returning(CriteriaVersion.id)
    version_id = int(rows[0]["id"])
    await write_content(version_id, catalogue)
    return version_id


async def write_content(version_id: int, catalogue: dict[str, Any]) -> None:
    """Write eligibility, domains, aspects, indicators and presentation items into a version."""
    for position, item in enumerate(catalogue.get("eligibility") or [], start=1):
        await EligibilityItem.insert(
            EligibilityItem(
                version=version_id, code=item["code"], name=item["name"],
                evidence=item.get("evidence", ""), position=position,
            )
        )
    position = 0
    for d_pos, domain in enumerate(catalogue.get("domains") or [], start=1):
        d_rows = await Domain.insert(
            Domain(
                version=version_id, code=domain["code"], name=domain["name"],
                weight=_dec(domain["weight"]), position=d_pos,
            )
        ).returning(Domain.id)
        for a_pos, aspect in enumerate(domain.get("aspects") or [], start=1):
            a_rows = await Aspect.insert(
                Aspect(domain=d_rows[0]["id"], code=aspect["code"], name=aspect["name"], position=a_pos)
            ).returning(Aspect.id)
            for ind in aspect.get("indicators", []):
                position += 1
                await Indicator.insert(_indicator(version_id, a_rows[0]["id"], ind, position, None))
    presentation_stage = next(
        (s["code"] for s in catalogue.get("stages") or [] if s.get("only_top_n")), "PAP"
    )
    for ind in catalogue.get("presentation") or []:
        position += 1
        await Indicator.insert(_indicator(version_id, None, ind, position, presentation_stage))


# The catalogue's common 0-4 rubric (DOMAIN.md §4), used where an indicator gives no rubric text.
DEFAULT_RUBRIC = {"0": "Tidak ada", "1": "Minim", "2": "Cukup", "3": "Baik", "4": "Sangat baik"}


def _indicator(
    version_id: int, aspect_id: int | None, ind: dict[str, Any], position: int, default_stage: str | None
) -> Indicator:
    rubric = ind.get("rubric") or (DEFAULT_RUBRIC if str(ind["max"]) == "4" and ind.get("step", 1) == 1 else {})
    return Indicator(
        version=version_id,
        aspect=aspect_id,
        code=ind["code"],
        name=ind["name"],
        max_value=_dec(ind["max"]),
        step=_dec(ind.get("step"), "1"),
        weight=_dec(ind["weight"]),
        stage_code=ind.get("stage") or default_stage or "",
        kind=ind.get("kind", "judge"),
        evidence=ind.get("evidence", ""),
        rubric={str(k): str(v) for k, v in rubric.items()},
        position=position,
    )


def plain(value: Any) -> Any:
    """A Decimal as an int when whole, else a float: how the YAML and XLSX files write numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _rubric_out(rubric: Any) -> dict[Any, str]:
    if isinstance(rubric, str):
        import json

        rubric = json.loads(rubric or "{}")
    out: dict[Any, str] = {}
    for key, text in (rubric or {}).items():
        level = Decimal(str(key))
        out[plain(level)] = str(text)
    return out


def _indicator_out(row: dict[str, Any], with_stage: bool = True) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": row["code"],
        "name": row["name"],
        "max": plain(row["max_value"]),
        "step": plain(row["step"]),
        "weight": plain(row["weight"]),
    }
    if with_stage:
        item["stage"] = row["stage_code"]
    item["kind"] = row["kind"]
    if row["evidence"]:
        item["evidence"] = row["evidence"]
    rubric = _rubric_out(row["rubric"])
    if rubric:
        item["rubric"] = rubric
    return item


async def stages_out(competition_id: int) -> list[dict[str, Any]]:
    rows = await Stage.select().where(Stage.competition == competition_id).order_by(Stage.position)
    out = []
    for s in rows:
        item: dict[str, Any] = {"code": s["code"], "name": s["name"], "weight": plain(s["weight"])}
        if s["top_n"]:
            item["only_top_n"] = s["top_n"]
        out.append(item)
    return out


async def document(competition_id: int, version_id: int | None) -> dict[str, Any]:
    """The competition's catalogue as the YAML mapping (``catalogue:`` and ``rules:``), read from the database.

    Stages come from the competition; with no version the catalogue has no domains yet.
    """
    comp = await Competition.select(Competition.rules, Competition.level, Competition.track).where(
        Competition.id == competition_id
    ).output(load_json=True).first()
    cat: dict[str, Any] = {"code": "", "level": comp["level"], "track": comp["track"]}
    cat["stages"] = await stages_out(competition_id)
    cat["eligibility"] = []
    cat["domains"] = []
    cat["presentation"] = []
    if version_id is not None:
        version = await CriteriaVersion.select(CriteriaVersion.catalogue_code).where(
            CriteriaVersion.id == version_id
        ).first()
        cat["code"] = version["catalogue_code"] if version else ""
        for e in await EligibilityItem.select().where(EligibilityItem.version == version_id).order_by(
            EligibilityItem.position
        ):
            item = {"code": e["code"], "name": e["name"]}
            if e["evidence"]:
                item["evidence"] = e["evidence"]
            cat["eligibility"].append(item)
        indicators = await Indicator.select().where(Indicator.version == version_id).order_by(
            Indicator.position
        ).output(load_json=True)
        by_aspect: dict[int | None, list[dict[str, Any]]] = {}
        for ind in indicators:
            by_aspect.setdefault(ind["aspect"], []).append(ind)
        aspects = await Aspect.select().where(Aspect.domain.version == version_id).order_by(Aspect.position)
        by_domain: dict[int, list[dict[str, Any]]] = {}
        for a in aspects:
            by_domain.setdefault(a["domain"], []).append(a)
        for d in await Domain.select().where(Domain.version == version_id).order_by(Domain.position):
            cat["domains"].append(
                {
                    "code": d["code"],
                    "name": d["name"],
                    "weight": plain(d["weight"]),
                    "aspects": [
                        {
                            "code": a["code"],
                            "name": a["name"],
                            "indicators": [_indicator_out(i) for i in by_aspect.get(a["id"], [])],
                        }
                        for a in by_domain.get(d["id"], [])
                    ],
                }
            )
        cat["presentation"] = [_indicator_out(i) for i in by_aspect.get(None, [])]
    return {"catalogue": cat, "rules": comp["rules"] or {}}


async def replace_content(version_id: int, catalogue: dict[str, Any]) -> None:
    """Replace everything inside a version by ``catalogue``; call inside a write transaction."""
    await Indicator.delete().where(Indicator.version == version_id)
    await Domain.delete().where(Domain.version == version_id)
    await EligibilityItem.delete().where(EligibilityItem.version == version_id)
    await CriteriaVersion.update({CriteriaVersion.catalogue_code: catalogue.get("code") or ""}).where(
        CriteriaVersion.id == version_id
    )
    await write_content(version_id, catalogue)
