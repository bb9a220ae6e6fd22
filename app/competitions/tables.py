"""Competitions and their set-up: stages, the criteria catalogue, entrants, the panel and assignments.

Words:
- *competition*: one edition (year, level kecamatan/kabupaten/provinsi, organiser region, track
  desa/kelurahan) with a status ``draft`` → ``penilaian`` (scoring open) → ``pleno`` → ``final``.
- *stage*: ADM, KLAR, PAP...: weight, order and an optional top-N (only the N best reach it).
- *criteria version*: the catalogue of a competition is versioned; ``Competition.criteria_version``
  names the current one. Domains → aspects → indicators hang off a version. A version freezes when
  scoring opens.
- *entrant*: a village (region code) taking part.
- *panel member*: a judge (user) on the panel of one stage, ``ketua`` or ``anggota``.
- *assignment*: judge × entrant × stage, optionally limited to indicator groups (domain or aspect codes).
- *conflict*: a judge's declared conflict of interest with an entrant.
"""

from __future__ import annotations

from decimal import Decimal

from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    ForeignKey,
    Integer,
    Numeric,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from app.auth.tables import User
from app.regions.tables import Region

STATUSES = ("draft", "penilaian", "pleno", "final")
LEVELS = ("kecamatan", "kabupaten", "provinsi")
TRACKS = ("desa", "kelurahan")


class Competition(Table, tablename="competition"):
    id: Serial
    name = Varchar(length=255)
    year = Integer()
    level = Varchar(length=16)
    organiser_region = ForeignKey(references=Region, null=False, on_delete=OnDelete.restrict)
    track = Varchar(length=16)
    status = Varchar(length=16, default="draft", index=True)
    place = Varchar(length=200, default="")
    letterhead_government = Varchar(length=255, default="")
    letterhead_instansi = Varchar(length=255, default="")
    letterhead_address = Text(default="")
    letterhead_logo = Bytea(null=True, default=None)
    letterhead_logo_type = Varchar(length=64, default="")
    paper = Varchar(length=4, default="F4")
    document_number_prefix = Varchar(length=64, default="400.10.2.1")
    document_unit_code = Varchar(length=64, default="PD.DPMD")
    # Scoring options (aggregation, tie_breaks, awards, divergence_tolerance, lms_thresholds, normalization).
    rules = JSON(default={})
    criteria_version = Integer(default=1)
    scores_released = Boolean(default=False)
    parent = ForeignKey(references="self", null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class Stage(Table, tablename="stage"):
    id: Serial
    competition = ForeignKey(references=Competition, null=False, on_delete=OnDelete.cascade)
    code = Varchar(length=16)
    name = Varchar(length=200)
    weight = Numeric(digits=(10, 4))
    position = Integer(default=0)
    top_n = Integer(null=True, default=None)


class CriteriaVersion(Table, tablename="criteria_version"):
    id: Serial
    competition = ForeignKey(references=Competition, null=False, on_delete=OnDelete.cascade)
    number = Integer()
    catalogue_code = Varchar(length=100, default="")
    frozen = Boolean(default=False)
    note = Text(default="")
    created_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class Domain(Table, tablename="domain"):
    id: Serial
    version = ForeignKey(references=CriteriaVersion, null=False, on_delete=OnDelete.cascade)
    code = Varchar(length=32)
    name = Varchar(length=255)
    weight = Numeric(digits=(10, 4))
    position = Integer(default=0)


class Aspect(Table, tablename="aspect"):
    id: Serial
    domain = ForeignKey(references=Domain, null=False, on_delete=OnDelete.cascade)
    code = Varchar(length=32)
    name = Varchar(length=255)
    position = Integer(default=0)


class Indicator(Table, tablename="indicator"):
    id: Serial
    version = ForeignKey(references=CriteriaVersion, null=False, on_delete=OnDelete.cascade)
    # No aspect (and so no domain) for presentation items (PAP).
    aspect = ForeignKey(references=Aspect, null=True, on_delete=OnDelete.cascade)
    code = Varchar(length=32)
    name = Text()
    max_value = Numeric(digits=(10, 4))
    step = Numeric(digits=(10, 4), default=Decimal("1"))
    weight = Numeric(digits=(10, 4))
    stage_code = Varchar(length=16)
    kind = Varchar(length=8, default="judge")
    evidence = Varchar(length=32, default="")
    # {"0": "tidak ada", ...}: rubric text per score level.
    rubric = JSON(default={})
    position = Integer(default=0)


class EligibilityItem(Table, tablename="eligibility_item"):
    id: Serial
    version = ForeignKey(references=CriteriaVersion, null=False, on_delete=OnDelete.cascade)
    code = Varchar(length=32)
    name = Text()
    evidence = Varchar(length=32, default="")
    position = Integer(default=0)


class Entrant(Table, tablename="entrant"):
    id: Serial
    competition = ForeignKey(references=Competition, null=False, on_delete=OnDelete.cascade)
    region = ForeignKey(references=Region, null=False, on_delete=OnDelete.restrict)
    eligibility_notes = Text(default="")
    # {"ELG.1": true, ...}: the required-documents checklist.
    eligibility = JSON(default={})
    promoted_from = ForeignKey(references="self", null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class PanelMember(Table, tablename="panel_member"):
    id: Serial
    stage = ForeignKey(references=Stage, null=False, on_delete=OnDelete.cascade)
    judge = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    role = Varchar(length=8, default="anggota")


class Assignment(Table, tablename="assignment"):
    id: Serial
    stage = ForeignKey(references=Stage, null=False, on_delete=OnDelete.cascade)
    entrant = ForeignKey(references=Entrant, null=False, on_delete=OnDelete.cascade)
    judge = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    # Domain or aspect codes this judge scores; empty = every indicator of the stage.
    indicator_groups = JSON(default=[])
    created_at = Timestamptz()


class Conflict(Table, tablename="conflict"):
    id: Serial
    entrant = ForeignKey(references=Entrant, null=False, on_delete=OnDelete.cascade)
    judge = ForeignKey(references=User, null=False, on_delete=OnDelete.cascade)
    reason = Text()
    declared_at = Timestamptz()
