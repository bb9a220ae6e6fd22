"""Writing the audit log. Every change that matters calls ``record`` inside its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from piccolo.utils.encoding import dump_json

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


# Raw SQL: every write of the app adds a row here, inside its transaction; Piccolo's insert building
# cost more than the insert (bench/bench_judging.py).
INSERT_SQL = """
INSERT INTO "audit_log" ("at", "user", "action", "entity", "entity_id", "competition_id", "before", "after", "ip")
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})
"""


def _json_text(value: Any) -> str | None:
    return None if value is None else dump_json(_jsonable(value))  # as Piccolo writes a JSON column


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
    await AuditLog.raw(
        INSERT_SQL, now(), user_id, action, entity, str(entity_id), competition_id, _json_text(before),
        _json_text(after), ip,
    )
