"""The "Periksa sertifikat" buttons, the overview (counts, level, latest job), the job page, the LMS
indicator values and the ``check-lms`` command."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any
from urllib.parse import unquote

from app.auth.services import create_user
from app.jobs import runner
from app.jobs.tables import Job
from app.lms.indicator import lms_indicator_values, lms_unsettled, thresholds_of
from app.lms.scenario import scenario_identity, seed_scenario
from app.officials.tables import CertificateCheck
from tests.conftest import csrf_from, login, run_cli

VALID = {"number": "LMSPD/2025/PD-101/000001", "course_code": "PD-101", "course_title": "Perencanaan",
         "holder_name": "Uji", "issue_date": "2025-01-31", "status": "valid"}


def key(village: int, number: int) -> str:
    ident = scenario_identity(village, number)
    return f"email:{ident['email']}" if ident["email"] else f"phone:62{ident['phone'][1:]}"


async def committee(client: Any) -> str:
    await create_user("panitia", "demo-lombadesa", "panitia", "Panitia Uji")
    return await login(client, "panitia")


async def test_the_village_button_queues_a_job_and_the_pages_show_its_progress(db, sim, client, settings) -> None:
    seeded = await seed_scenario(2, 5)
    cid, eid = seeded["competition_id"], seeded["entrant_ids"][0]
    csrf = await committee(client)
    page = await client.get(f"/competitions/{cid}/entrants/{eid}/officials")
    assert f'action="/competitions/{cid}/entrants/{eid}/lms-check"' in page.text
    assert page.text.count("/lms-check") == 1 + 5  # the village and each official
    assert csrf_from(page.text) == csrf

    refused = await client.post(f"/competitions/{cid}/entrants/{eid}/lms-check", data={"paksa": "on"})
    assert refused.status_code == 403  # no CSRF token
    response = await client.post(f"/competitions/{cid}/entrants/{eid}/lms-check",
                                 data={"_csrf": csrf, "paksa": "on"})
    assert response.status_code == 303
    location = response.headers["location"]
    job_id = int(re.match(r"/jobs/(\d+)\?back=", location).group(1))  # type: ignore[union-attr]
    assert unquote(location.split("back=", 1)[1]) == f"/competitions/{cid}/entrants/{eid}/officials"
    job = await Job.select().where(Job.id == job_id).first()
    assert job is not None
    assert (job["kind"], job["competition_id"], job["status"], job["progress_total"]) == ("lms_check", cid, "queued", 5)
    params = job["params"] if isinstance(job["params"], dict) else __import__("json").loads(job["params"])
    assert params == {"scope": "entrant", "id": eid, "force": True}

    waiting = await client.get(location)
    assert "0 / 5" in waiting.text
    assert 'http-equiv="refresh"' in waiting.text
    overview = await client.get(f"/competitions/{cid}/officials")
    assert "Pemeriksaan LMS terakhir" in overview.text
    assert 'http-equiv="refresh"' in overview.text

    assert await runner.run_pending(settings) == 1
    done = await client.get(location)
    assert "5 / 5 · 100%" in done.text
    assert 'http-equiv="refresh"' not in done.text
    village = await client.get(f"/competitions/{cid}/entrants/{eid}/officials")
    assert village.text.count("Pencarian LMS · ") == 5  # source and time of each official's check
    assert "Belum dicek" not in village.text


async def test_official_and_competition_buttons(db, sim, client, settings) -> None:
    seeded = await seed_scenario(2, 3)
    cid, eid = seeded["competition_id"], seeded["entrant_ids"][1]
    official = seeded["officials"][eid][0]
    csrf = await committee(client)
    one = await client.post(f"/competitions/{cid}/entrants/{eid}/officials/{official}/lms-check",
                            data={"_csrf": csrf})
    assert one.status_code == 303
    await runner.run_pending(settings)
    rows = await CertificateCheck.select(CertificateCheck.official, CertificateCheck.started_by)
    assert [r["official"] for r in rows] == [official]
    assert rows[0]["started_by"] is not None
    assert sim.requests == 1

    wrong_village = seeded["entrant_ids"][0]
    missing = await client.post(f"/competitions/{cid}/entrants/{wrong_village}/officials/{official}/lms-check",
                                data={"_csrf": csrf})
    assert missing.status_code == 404

    everyone = await client.post(f"/competitions/{cid}/lms-check", data={"_csrf": csrf})
    assert everyone.status_code == 303
    await runner.run_pending(settings)
    assert sim.requests == 6  # the one already checked is fresh
    assert await CertificateCheck.count() == 6


async def test_the_overview_shows_counts_level_and_provisional(db, sim, client, settings) -> None:
    seeded = await seed_scenario(2, 5)
    cid = seeded["competition_id"]
    e1, e2 = seeded["entrant_ids"]
    # Village 1: 3 of 5 verified -> 60 % -> level 3. Village 2: 4 verified, 1 malformed answer (galat).
    fixtures: dict[str, Any] = {key(1, j): [VALID] if j <= 3 else None for j in range(1, 6)}
    fixtures.update({key(2, j): [VALID] for j in range(1, 6)})
    sim.configure(fixtures=fixtures, script={key(2, 5): ["malformed"]})
    csrf = await committee(client)
    await client.post(f"/competitions/{cid}/lms-check", data={"_csrf": csrf})
    await runner.run_pending(settings)

    values = await lms_indicator_values(cid)
    assert values[e1] == (3, Fraction(3, 5), False)
    assert values[e2] == (4, Fraction(4, 5), True)
    assert await lms_unsettled(cid) == [e2]

    page = await client.get(f"/competitions/{cid}/officials")
    html = page.text
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)[1:]
    cells = [re.findall(r'<td class="num[^"]*">(.*?)</td>', r, flags=re.S) for r in rows]
    counts = [[" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in row] for row in cells]
    # active, verified, not found, error, pending, not checked, share, level
    assert counts[0][:6] == ["5", "3", "2", "0", "0", "0"]
    assert counts[0][7] == "3"
    assert counts[1][:6] == ["5", "4", "0", "1", "0", "0"]
    assert counts[1][7] == "4 Sementara"
    assert "Selesai." in html  # the latest job, finished

    # Stricter thresholds from the competition's rules.
    from app.competitions.tables import Competition

    await Competition.update({Competition.rules: {"lms_thresholds": [0.5, 0.7, 0.9, 1.0]}}).where(
        Competition.id == cid
    )
    assert (await lms_indicator_values(cid))[e1].level == 1
    assert thresholds_of('{"lms_thresholds": ["0.3"]}') == (Decimal("0.3"),)


async def test_the_check_lms_command_runs_the_job_and_prints_progress(db, sim) -> None:
    if db.kind != "sqlite":  # the command runs in a subprocess; one database is enough to test the wiring
        return
    seeded = await seed_scenario(2, 4)
    env = {"DATABASE_URL": db.url, "LMS_BASE_URL": sim.url, "LMS_CONCURRENCY": "4"}
    first = run_cli("check-lms", str(seeded["competition_id"]), env=env)
    assert "8/8" in first.stdout
    assert first.stdout.strip().splitlines()[-1].startswith("done in ")
    assert sim.requests == 8
    again = run_cli("check-lms", str(seeded["competition_id"]), env=env)
    assert "dari cache 8" in again.stdout
    assert sim.requests == 8
    forced = run_cli("check-lms", str(seeded["competition_id"]), "--force", env=env)
    assert "dari cache 0" in forced.stdout
    assert sim.requests == 16
    missing = run_cli("check-lms", "999999", env=env, check=False)
    assert missing.returncode == 2
