"""The LMS simulator as a real HTTP server on 127.0.0.1 (a free port), started once per test module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.lms.config import LmsSettings
from app.lms.contract import LmsIdentity
from app.lms.sim_data import bucket
from app.lms.simulator import SimulatorControl, start_simulator_thread


class Sim(SimulatorControl):
    """Control of the test simulator, plus client settings pointed at it."""

    def settings(self, **changes: Any) -> LmsSettings:
        """Client settings with short timeouts and waits so tests stay fast."""
        base = LmsSettings(
            base_url=self.url,
            connect_timeout=0.5,
            read_timeout=0.3,
            max_retries=3,
            backoff_base=0.01,
            backoff_max=0.05,
            breaker_threshold=4,
            breaker_cooldown=60,
        )
        return base.with_(**changes)


@pytest.fixture(scope="module")
def simulator() -> Iterator[Sim]:
    handle = start_simulator_thread(hang_seconds=1.0)
    yield Sim(handle.url)
    handle.stop()


@pytest.fixture
def sim(simulator: Sim) -> Sim:
    simulator.reset()
    return simulator


Pick = Callable[..., list[LmsIdentity]]


@pytest.fixture
def pick() -> Pick:
    def pick(condition: Callable[[int], bool], count: int = 1, prefix: str = "pamong") -> list[LmsIdentity]:
        """The first `count` e-mail identities whose simulator bucket satisfies `condition`."""
        found: list[LmsIdentity] = []
        n = 0
        while len(found) < count:
            email = f"{prefix}{n}@desa.id"
            if condition(bucket("email", email)):
                found.append(LmsIdentity(email=email))
            n += 1
        return found

    return pick
