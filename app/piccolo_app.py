"""The one Piccolo app of Lomba Desa: every table, and migrations in the top-level ``migrations/``."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from app.audit.tables import AuditLog
from app.auth.tables import ApiToken, LoginFailure, User, UserSession
from app.competitions.tables import (
    Aspect,
    Assignment,
    Competition,
    Conflict,
    CriteriaVersion,
    Domain,
    EligibilityItem,
    Entrant,
    Indicator,
    PanelMember,
    Stage,
)
from app.jobs.tables import Job
from app.judging.tables import EvidenceFile, SheetDraft, SheetUnlock, Submission
from app.officials.tables import CertificateCheck, Official
from app.regions.tables import Region
from app.results.tables import PlenoDecision, Snapshot

# In dependency order: a table comes after every table it references.
ALL_TABLES = [
    User,
    UserSession,
    ApiToken,
    LoginFailure,
    Region,
    Competition,
    Stage,
    CriteriaVersion,
    Domain,
    Aspect,
    Indicator,
    EligibilityItem,
    Entrant,
    PanelMember,
    Assignment,
    Conflict,
    SheetDraft,
    Submission,
    SheetUnlock,
    EvidenceFile,
    Job,
    Official,
    CertificateCheck,
    PlenoDecision,
    Snapshot,
    AuditLog,
]

APP_CONFIG = AppConfig(
    app_name="lomba_desa",
    migrations_folder_path=str(Path(__file__).resolve().parent.parent / "migrations"),
    table_classes=ALL_TABLES,
    migration_dependencies=[],
    commands=[],
)
