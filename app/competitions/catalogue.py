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
    for position, stage in enumerate(catalogue.get("stages", []), start=1):
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
    for position, item in enumerate(catalogue.get("eligibility", []), start=1):
        await EligibilityItem.insert(
            EligibilityItem(
                version=version_id, code=item["code"], name=item["name"],
                evidence=item.get("evidence", ""), position=position,
            )
        )
    position = 0
    for d_pos, domain in enumerate(catalogue.get("domains", []), start=1):
        d_rows = await Domain.insert(
            Domain(
                version=version_id, code=domain["code"], name=domain["name"],
                weight=_dec(domain["weight"]), position=d_pos,
            )
        ).returning(Domain.id)
        for a_pos, aspect in enumerate(domain.get("aspects", []), start=1):
            a_rows = await Aspect.insert(
                Aspect(domain=d_rows[0]["id"], code=aspect["code"], name=aspect["name"], position=a_pos)
            ).returning(Aspect.id)
            for ind in aspect.get("indicators", []):
                position += 1
                await Indicator.insert(_indicator(version_id, a_rows[0]["id"], ind, position, None))
    presentation_stage = next(
        (s["code"] for s in catalogue.get("stages", []) if s.get("only_top_n")), "PAP"
    )
    for ind in catalogue.get("presentation", []):
        position += 1
        await Indicator.insert(_indicator(version_id, None, ind, position, presentation_stage))
    return version_id


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
