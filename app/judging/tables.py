"""Score sheets: drafts, append-only submitted versions, unlocks and evidence files.

Words:
- *sheet*: one judge's scores for one entrant in one stage.
- *draft*: the sheet being filled in (one row per sheet, overwritten on every save; never counted).
- *submission*: a submitted version of a sheet. Versions are append-only and numbered 1, 2, ...;
  ``replaces_version`` names the version an edit started from. ``client_uuid`` is made by the device,
  so a retry of the same submission is recognised (ODK Central's instanceID). A version made by the
  committee from a paper sheet (``source='paper'``) counts only once a second committee member confirms
  it (``status`` ``pending`` → ``active`` or ``rejected``).
- *unlock*: the committee re-opens a submitted (locked) sheet with a written reason.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    UUID,
    Bytea,
    Float,
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
from app.competitions.tables import Entrant, Stage


class SheetDraft(Table, tablename="sheet_draft"):
    id: Serial
    entrant = ForeignKey(references=Entrant, null=False, on_delete=OnDelete.cascade)
    stage = ForeignKey(references=Stage, null=False, on_delete=OnDelete.cascade)
    judge = ForeignKey(references=User, null=False, on_delete=OnDelete.cascade)
    client_uuid = UUID()
    base_version = Integer(null=True, default=None)
    values = JSON(default={})
    notes = JSON(default={})
    remark = Text(default="")
    updated_at = Timestamptz()


class Submission(Table, tablename="submission"):
    id: Serial
    entrant = ForeignKey(references=Entrant, null=False, on_delete=OnDelete.restrict)
    stage = ForeignKey(references=Stage, null=False, on_delete=OnDelete.restrict)
    judge = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    version = Integer()
    replaces_version = Integer(null=True, default=None)
    client_uuid = UUID(unique=True)
    # SHA-256 of the canonical content (values, notes, remark): tells a safe retry from a conflict.
    content_hash = Varchar(length=64)
    values = JSON(default={})
    notes = JSON(default={})
    remark = Text(default="")
    submitted_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    submitted_at = Timestamptz()
    device_time = Timestamptz(null=True, default=None)
    source = Varchar(length=8, default="tablet")
    status = Varchar(length=10, default="active", index=True)
    confirmed_by = ForeignKey(references=User, null=True, on_delete=OnDelete.restrict)
    confirmed_at = Timestamptz(null=True, default=None)


class SheetUnlock(Table, tablename="sheet_unlock"):
    id: Serial
    entrant = ForeignKey(references=Entrant, null=False, on_delete=OnDelete.cascade)
    stage = ForeignKey(references=Stage, null=False, on_delete=OnDelete.cascade)
    judge = ForeignKey(references=User, null=False, on_delete=OnDelete.cascade)
    after_version = Integer()
    reason = Text()
    unlocked_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    unlocked_at = Timestamptz()


class EvidenceFile(Table, tablename="evidence_file"):
    id: Serial
    entrant = ForeignKey(references=Entrant, null=False, on_delete=OnDelete.cascade)
    stage = ForeignKey(references=Stage, null=True, on_delete=OnDelete.cascade)
    uploaded_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    indicator_code = Varchar(length=32, default="")
    filename = Varchar(length=255)
    content_type = Varchar(length=64)
    size = Integer()
    sha256 = Varchar(length=64)
    data = Bytea()
    exif_time = Varchar(length=32, default="")
    gps_lat = Float(null=True, default=None)
    gps_lon = Float(null=True, default=None)
    uploaded_at = Timestamptz()
