"""LMS check jobs against the simulator running as a real HTTP server on 127.0.0.1 (a free port).

`lms_settings` are the app's settings pointed at that simulator, with short timeouts and waits;
`scenario` seeds a small competition (`app.lms.scenario`); `truth` is the simulator's ground truth.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.lms.config import LmsSettings
from app.lms.contract import NOT_FOUND, VERIFIED, LmsIdentity
from app.lms.sim_data import expected_verified
from app.lms.simulator import SimulatorControl, start_simulator_thread
from app.officials.tables import Official
from app.settings import Settings


@pytest.fixture(scope="module")
def simulator() -> Iterator[SimulatorControl]:
    handle = start_simulator_thread(hang_seconds=1.0)
    yield SimulatorControl(handle.url)
    handle.stop()


@pytest.fixture
def sim(simulator: SimulatorControl) -> SimulatorControl:
    simulator.reset()
    return simulator


def lms_for(sim: SimulatorControl, **changes: Any) -> LmsSettings:
    base = LmsSettings(
        base_url=sim.url, connect_timeout=0.5, read_timeout=0.3, max_retries=3, backoff_base=0.01,
        backoff_max=0.05, breaker_threshold=4, breaker_cooldown=60, concurrency=4,
    )
    return base.with_(**changes)


def app_settings(db_url: str, lms: LmsSettings) -> Settings:
    return Settings.from_env(
        {"DATABASE_URL": db_url, "SECRET_KEY": "test-secret-key-" + "x" * 32,
         "PUBLIC_URL": "http://testserver.local", "RUN_JOBS": "0"},
        lms=lms,
    )


@pytest.fixture
def lms_settings(db: Any, sim: SimulatorControl) -> Settings:
    return app_settings(db.url, lms_for(sim))


@pytest.fixture
def settings(db: Any, sim: SimulatorControl) -> Settings:
    """The app's settings (used by the `client` fixture) pointed at the simulator."""
    return app_settings(db.url, lms_for(sim))


async def truth(official_id: int) -> str:
    """The result a correct check must record for this official, from the simulator's records."""
    row = await Official.select(Official.email, Official.phone).where(Official.id == official_id).first()
    assert row is not None
    kind, value = LmsIdentity(email=row["email"] or None, phone=row["phone"] or None).query
    return VERIFIED if expected_verified(kind, value) else NOT_FOUND
