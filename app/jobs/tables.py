"""Background jobs recorded in the database, so that progress survives a reload and a restart.

Words: a *job* has a ``kind`` (e.g. ``lms_check``, ``pdf_batch``), ``params``, a ``status``
(``queued`` → ``running`` → ``done`` / ``failed``), progress counters, and optionally a produced file.
Any app worker may claim a queued job; a job whose worker died is taken up again (``heartbeat_at``).
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Bytea,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from app.auth.tables import User


class Job(Table, tablename="job"):
    id: Serial
    kind = Varchar(length=32, index=True)
    competition_id = Integer(null=True, default=None, index=True)
    params = JSON(default={})
    status = Varchar(length=10, default="queued", index=True)
    progress_done = Integer(default=0)
    progress_total = Integer(default=0)
    message = Text(default="")
    created_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    started_at = Timestamptz(null=True, default=None)
    heartbeat_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    result_filename = Varchar(length=255, default="")
    result_content_type = Varchar(length=64, default="")
    result_file = Bytea(null=True, default=None)
