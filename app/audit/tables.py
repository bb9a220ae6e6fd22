"""The audit log: append-only, one row per change (who, what, when, before, after).

Rows are only ever inserted (``app.audit.services.record``); nothing in the app updates or deletes them.
"""

from __future__ import annotations

from piccolo.columns import JSON, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from app.auth.tables import User


class AuditLog(Table, tablename="audit_log"):
    id: Serial
    at = Timestamptz(index=True)
    user = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    action = Varchar(length=64, index=True)
    entity = Varchar(length=64)
    entity_id = Varchar(length=64, default="")
    competition_id = Integer(null=True, default=None, index=True)
    before = JSON(null=True, default=None)
    after = JSON(null=True, default=None)
    ip = Varchar(length=64, default="")
