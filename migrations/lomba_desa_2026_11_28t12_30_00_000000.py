"""Composite unique indexes.

Written by hand: Piccolo's ``Unique`` constraints are added with ``ALTER TABLE ... ADD CONSTRAINT``,
which SQLite does not support, while ``CREATE UNIQUE INDEX`` works on both databases. These indexes
are what makes duplicate protection hold under concurrency (two judges' retries, two workers).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-28T12:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "composite unique indexes"

UNIQUE_INDEXES = {
    "stage_competition_code_uq": ("stage", ["competition", "code"]),
    "criteria_version_competition_number_uq": ("criteria_version", ["competition", "number"]),
    "domain_version_code_uq": ("domain", ["version", "code"]),
    "indicator_version_code_uq": ("indicator", ["version", "code"]),
    "entrant_competition_region_uq": ("entrant", ["competition", "region"]),
    "panel_member_stage_judge_uq": ("panel_member", ["stage", "judge"]),
    "assignment_stage_entrant_judge_uq": ("assignment", ["stage", "entrant", "judge"]),
    "conflict_entrant_judge_uq": ("conflict", ["entrant", "judge"]),
    "sheet_draft_sheet_uq": ("sheet_draft", ["entrant", "stage", "judge"]),
    "submission_sheet_version_uq": ("submission", ["entrant", "stage", "judge", "version"]),
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lomba_desa", description=DESCRIPTION)

    async def run():
        from app.db import current_engine

        engine = current_engine()
        for name, (table, columns) in UNIQUE_INDEXES.items():
            cols = ", ".join(f'"{c}"' for c in columns)
            await engine.run_ddl(f'CREATE UNIQUE INDEX IF NOT EXISTS "{name}" ON "{table}" ({cols})')

    async def run_backwards():
        from app.db import current_engine

        engine = current_engine()
        for name in UNIQUE_INDEXES:
            await engine.run_ddl(f'DROP INDEX IF EXISTS "{name}"')

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
