"""The clock: one place that says what time it is (UTC, timezone-aware), so tests can move it."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
