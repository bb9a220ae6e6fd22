"""Writing the audit log. Every change that matters calls ``record`` inside its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from app.audit.tables import AuditLog
from app.clock import now


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


async def record(
    action: str,
    entity: str,
    entity_id: object = "",
    *,
    user_id: int | None = None,
    competition_id: int | None = None,
    before: Any = None,
    after: Any = None,
    ip: str = "",
) -> None:
    await AuditLog.insert(
        AuditLog(
            at=now(),
            user=user_id,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            competition_id=competition_id,
            before=_jsonable(before),
            after=_jsonable(after),
            ip=ip,
        )
    )
