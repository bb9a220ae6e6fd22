"""The simulator as the demo starts it: a child process configured by CLI flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.lms.client import HttpLmsClient
from app.lms.config import LmsSettings
from app.lms.contract import ERROR, NOT_FOUND, VERIFIED, LmsIdentity
from app.lms.sim_data import NESTED_FIELD_MAP
from app.lms.simulator import SimulatorControl, start_simulator_subprocess


async def test_subprocess_with_flags_and_a_seed_file(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(
        json.dumps(
            {
                "siti@desa.id": [
                    {
                        "number": "X-1",
                        "course_code": "PD-102",
                        "course_title": "Keuangan",
                        "holder_name": "Siti",
                        "issue_date": "2025-02-03",
                        "status": "active",
                    }
                ],
                "phone:0811000": None,
            }
        )
    )
    sim = start_simulator_subprocess(seed_file=seed, token="t", shape="nested", rate_limit_every=0)
    try:
        settings = LmsSettings(base_url=sim.url, auth_token="t", field_map=NESTED_FIELD_MAP, read_timeout=2)
        async with HttpLmsClient(settings) as client:
            siti = await client.lookup(LmsIdentity(email="Siti@desa.id"))
            nobody = await client.lookup(LmsIdentity(phone="+62 811 000"))
        async with HttpLmsClient(settings.with_(auth_token=None)) as client:
            refused = await client.lookup(LmsIdentity(email="siti@desa.id"))
        assert siti.result == VERIFIED
        assert [c.number for c in siti.certificates] == ["X-1"]
        assert nobody.result == NOT_FOUND
        assert nobody.http_status == 404
        assert (refused.result, refused.http_status) == (ERROR, 401)
        assert SimulatorControl(sim.url).requests == 3
    finally:
        sim.stop()
    assert sim.process.returncode is not None


def test_unknown_switch_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown switch"):
        start_simulator_subprocess(latency=5)
