"""A synthetic competition for LMS tests and benchmarks: V villages with P officials each.

Words: official ``j`` of village ``v`` is known to the LMS by the e-mail ``perangkat{j}.desa{v}@ntb.desa.id``,
except every fifth, known only by phone ``0819{v:03d}{j:05d}`` (as in ``bench/bench_lms.py``). Jabatan are
counted ones (kepala dusun), so every official counts for the LMS indicator. Needs the regions of NTB
(code prefix ``52``) loaded; villages are the first desa by code.
"""

from __future__ import annotations

from typing import Any

from app.clock import now
from app.competitions.tables import Competition, Entrant
from app.db import write_tx
from app.officials.tables import Official
from app.regions.tables import Region


def scenario_identity(village: int, number: int) -> dict[str, str]:
    if number % 5 == 0:
        return {"email": "", "phone": f"0819{village:03d}{number:05d}"}
    return {"email": f"perangkat{number}.desa{village}@ntb.desa.id", "phone": ""}


async def seed_scenario(villages: int, per_village: int, rules: dict[str, Any] | None = None) -> dict[str, Any]:
    """Create the competition; returns its id, the entrant ids (village order) and official ids per entrant."""
    desa = await Region.select(Region.code).where(Region.level == "desa").order_by(Region.code).limit(villages)
    if len(desa) < villages:
        raise RuntimeError("not enough villages: load the regions first (lomba-desa load-regions --prefix 52)")
    async with write_tx():
        rows = await Competition.insert(Competition(
            name="Lomba Desa Uji LMS", year=2026, level="kabupaten", organiser_region="52.01", track="desa",
            status="penilaian", rules=rules or {}, created_at=now(),
        )).returning(Competition.id)
        competition_id = int(rows[0]["id"])
        entrant_ids: list[int] = []
        officials: dict[int, list[int]] = {}
        for v, region in enumerate(desa, start=1):
            e = await Entrant.insert(Entrant(competition=competition_id, region=region["code"], created_at=now())
                                     ).returning(Entrant.id)
            entrant_id = int(e[0]["id"])
            entrant_ids.append(entrant_id)
            made = await Official.insert(*[
                Official(entrant=entrant_id, name=f"Perangkat {j} Desa {v}", jabatan="kepala_dusun", active=True,
                         created_at=now(), **scenario_identity(v, j))
                for j in range(1, per_village + 1)
            ]).returning(Official.id)
            officials[entrant_id] = sorted(int(m["id"]) for m in made)
    return {"competition_id": competition_id, "entrant_ids": entrant_ids, "officials": officials}
