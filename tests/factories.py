"""Test data in one place: sheets with scores, straight into the tables (results tests need many)."""

from __future__ import annotations

import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any

from app.auth.tables import User
from app.clock import now
from app.competitions.tables import Stage
from app.judging.tables import Submission


async def submit_sheet(
    entrant_id: int, stage_code: str, username: str, values: dict[str, Any], *, competition_id: int | None = None
) -> int:
    """Record an active submitted version of a judge's sheet; returns the version."""
    judge = await User.select(User.id).where(User.username == username).first()
    assert judge is not None, username
    query = Stage.select(Stage.id).where(Stage.code == stage_code)
    if competition_id is not None:
        query = query.where(Stage.competition == competition_id)
    stage = await query.first()
    assert stage is not None, stage_code
    previous = await Submission.select(Submission.version).where(
        (Submission.entrant == entrant_id) & (Submission.stage == stage["id"]) & (Submission.judge == judge["id"])
    ).order_by(Submission.version, ascending=False).first()
    version = (previous["version"] if previous else 0) + 1
    clean = {k: str(Decimal(str(v))) for k, v in values.items()}
    await Submission.insert(
        Submission(
            entrant=entrant_id, stage=stage["id"], judge=judge["id"], version=version,
            replaces_version=previous["version"] if previous else None, client_uuid=uuid.uuid4(),
            content_hash=hashlib.sha256(json.dumps(clean, sort_keys=True).encode()).hexdigest(),
            values=clean, notes={}, remark="", submitted_by=judge["id"], submitted_at=now(),
            source="tablet", status="active",
        )
    )
    return version
