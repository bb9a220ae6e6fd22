"""Results: pleno decisions and frozen, verifiable snapshots of a final result.

Words: a *pleno decision* orders a group of tied entrants with the committee's reason (*pertimbangan*).
A *snapshot* freezes the ruleset, every input and the full result of a finalised competition, with the
SHA-256 of its canonical JSON and a short verification code; re-opening supersedes it with a new one.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from app.auth.tables import User
from app.competitions.tables import Competition


class PlenoDecision(Table, tablename="pleno_decision"):
    id: Serial
    competition = ForeignKey(references=Competition, null=False, on_delete=OnDelete.cascade)
    # Entrant region codes in the decided order.
    entrant_order = JSON(default=[])
    reason = Text()
    decided_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    decided_at = Timestamptz()
    withdrawn = Boolean(default=False)


class Snapshot(Table, tablename="snapshot"):
    id: Serial
    competition = ForeignKey(references=Competition, null=False, on_delete=OnDelete.cascade)
    code = Varchar(length=16, unique=True)
    sha256 = Varchar(length=64)
    payload = Text()
    override_reason = Text(default="")
    created_by = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    created_at = Timestamptz()
    superseded_at = Timestamptz(null=True, default=None)
    reopen_reason = Text(default="")
