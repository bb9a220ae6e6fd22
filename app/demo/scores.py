"""Demo scores: the five judges' sheets for ADM and KLAR, recorded through the real submission service.

The demo round is caught at the end of the field visits: every ADM and KLAR sheet is submitted except
juri1's KLAR sheet for Kebon Ayu, which is left for whoever tries the tablet flow. The two strongest
villages (Kediri and Lembar) were scored alike by every judge, so their totals and every tie-break are
equal: the pleno has a tie for Juara I to settle, as happens in real rounds.
Values come from a seeded generator: every demo is the same.
"""

from __future__ import annotations

import random
import uuid

from app.competitions.tables import Assignment
from app.judging import services

LEFT_OPEN = ("juri1", "52.01.01.2002", "KLAR")  # Kebon Ayu, for trying the tablet flow
TWINS = ("52.01.13.2001", "52.01.02.2001")  # Lembar copies Kediri's sheets: a tie for the pleno


async def seed_demo_scores(competition_id: int = 1) -> int:
    """Submit the demo's sheets; returns how many were recorded."""
    rows = await Assignment.select(
        Assignment.judge, Assignment.judge.username, Assignment.entrant, Assignment.entrant.region.code,
        Assignment.stage.code,
    ).where(Assignment.stage.competition.id == competition_id).order_by(Assignment.id)
    quality = {code: random.Random(code).uniform(1.4, 3.6) for code in {r["entrant.region.code"] for r in rows}}
    # The twins are the strongest villages, so their tie falls on an award position.
    quality[TWINS[0]] = quality[TWINS[1]] = 3.8
    count = 0
    for row in rows:
        username, code, stage = row["judge.username"], row["entrant.region.code"], row["stage.code"]
        if (username, code, stage) == LEFT_OPEN:
            continue
        sheet = await services.load_sheet(row["judge"], row["entrant"], stage)
        basis = TWINS[1] if code == TWINS[0] else code
        rng = random.Random(f"{basis}/{username}/{stage}")
        values = {}
        for indicator, scale in sorted(sheet.scales.items()):
            raw = quality[basis] + rng.uniform(-1.0, 1.0)
            values[indicator] = str(max(0, min(int(scale.max_value), round(raw))))
        await services.submit(
            sheet,
            services.SubmissionIn(client_uuid=uuid.uuid4(), base_version=None, values=values),
            row["judge"],
        )
        count += 1
    return count
