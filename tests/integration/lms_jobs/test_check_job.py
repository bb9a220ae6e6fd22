"""The ``lms_check`` job against the simulator as a real server: evidence rows, cache, force, breaker,
resume after a dead worker, proof from imports, officials without an identity."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import Counter
from typing import Any

from app.auth.services import create_user
from app.jobs import runner
from app.jobs.tables import Job
from app.lms import jobs
from app.lms.client import sha256_hex
from app.lms.contract import ERROR, NOT_FOUND, PENDING, VERIFIED
from app.lms.scenario import scenario_identity, seed_scenario
from app.lms.sim_data import simulated_certificates
from app.officials.tables import CertificateCheck, Official
from app.settings import Settings
from tests.integration.lms_jobs.conftest import app_settings, lms_for, truth


async def rows_of(job_id: int) -> list[dict[str, Any]]:
    return await CertificateCheck.select().where(CertificateCheck.job == job_id).order_by(CertificateCheck.official)


async def run_job(settings: Settings, scope: str, target: int, force: bool = False, actor: int | None = None) -> int:
    job_id = await jobs.enqueue_check(scope, target, force=force, actor_id=actor)
    assert await runner.run_pending(settings, only=job_id) == 1
    return job_id


async def test_a_competition_run_records_one_true_row_per_official(db, sim, lms_settings) -> None:
    seeded = await seed_scenario(3, 5)
    panitia = await create_user("panitia_lms", "rahasia-panjang-1", "panitia", "Panitia LMS")
    job_id = await run_job(lms_settings, "competition", seeded["competition_id"], actor=panitia)

    job = await runner.get(job_id)
    assert job is not None
    assert (job["status"], job["progress_done"], job["progress_total"]) == ("done", 15, 15)
    rows = await rows_of(job_id)
    assert len(rows) == 15
    assert sim.requests == 15
    results = Counter()
    for row in rows:
        assert row["result"] == await truth(row["official"])
        assert (row["source"], row["started_by"]) == ("http", panitia)
        assert row["http_status"] in (200, 404)
        assert len(row["response_sha256"]) == 64
        results[row["result"]] += 1
    assert set(results) == {VERIFIED, NOT_FOUND}  # the scenario has both, so the comparison means something
    assert f"terverifikasi {results[VERIFIED]}; tidak ditemukan {results[NOT_FOUND]}" in job["message"]

    # The evidence of one verified row is exactly what the simulator says, and the hash is of its raw body.
    verified = next(r for r in rows if r["result"] == VERIFIED)
    email = (await Official.select(Official.email, Official.phone).where(Official.id == verified["official"]))[0]
    kind, value = ("email", email["email"]) if email["email"] else ("phone", email["phone"])
    certificates = verified["certificates"]
    if isinstance(certificates, str):
        certificates = json.loads(certificates)
    assert certificates == simulated_certificates(kind, value)
    body = json.dumps({"identity": {kind: value if kind == "email" else "62" + value[1:]},
                       "certificates": simulated_certificates(kind, value)}).encode()
    assert verified["response_sha256"] == sha256_hex(body)


async def test_a_second_run_asks_nobody_and_a_forced_run_asks_everyone(db, sim, lms_settings) -> None:
    seeded = await seed_scenario(2, 5)
    cid = seeded["competition_id"]
    first = await run_job(lms_settings, "competition", cid)
    assert sim.requests == 10
    sim.reset()

    second = await run_job(lms_settings, "competition", cid)
    assert sim.requests == 0
    assert await rows_of(second) == []  # cached answers: the earlier rows stand
    job = await runner.get(second)
    assert job is not None
    assert (job["status"], job["progress_done"], job["progress_total"]) == ("done", 10, 10)

    forced = await run_job(lms_settings, "competition", cid, force=True)
    assert sim.requests == 10
    assert [r["result"] for r in await rows_of(forced)] == [r["result"] for r in await rows_of(first)]


async def test_answers_older_than_the_ttl_are_asked_again(db, sim) -> None:
    seeded = await seed_scenario(1, 5)
    settings = app_settings(db.url, lms_for(sim, cache_ttl_seconds=3600, negative_cache_ttl_seconds=60))
    await run_job(settings, "competition", seeded["competition_id"])
    await CertificateCheck.update(
        {CertificateCheck.checked_at: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)}
    ).where(CertificateCheck.source == "http")
    sim.reset()
    job_id = await run_job(settings, "competition", seeded["competition_id"])
    rows = await rows_of(job_id)
    assert sim.requests == len(rows) > 0
    assert {r["result"] for r in rows} == {NOT_FOUND}  # only the negative answers went stale


async def test_lms_down_opens_the_breaker_and_leaves_the_rest_pending(db, sim) -> None:
    seeded = await seed_scenario(3, 10)
    sim.configure(down=True)
    settings = app_settings(db.url, lms_for(sim, breaker_threshold=3, concurrency=2, max_retries=1))
    job_id = await run_job(settings, "competition", seeded["competition_id"])
    rows = await rows_of(job_id)
    results = Counter(r["result"] for r in rows)
    assert len(rows) == 30
    assert set(results) <= {ERROR, PENDING}  # never "not found"
    assert results[PENDING] >= 25
    assert sim.requests <= 8
    job = await runner.get(job_id)
    assert job is not None
    assert job["status"] == "done"
    assert job["progress_done"] == 30
    assert "LMS tidak menjawab" in job["message"]

    from app.lms.indicator import lms_indicator_values, lms_unsettled

    assert await lms_unsettled(seeded["competition_id"]) == sorted(seeded["entrant_ids"])
    values = await lms_indicator_values(seeded["competition_id"])
    assert all(v.provisional and v.level == 0 for v in values.values())

    # The LMS is back: pending and failed officials are asked again without forcing.
    sim.reset()
    again = await run_job(app_settings(db.url, lms_for(sim)), "competition", seeded["competition_id"])
    assert sim.requests == 30
    assert {r["result"] for r in await rows_of(again)} <= {VERIFIED, NOT_FOUND}
    assert await lms_unsettled(seeded["competition_id"]) == []


async def _make_stale(job_id: int) -> None:
    await Job.update(
        {Job.status: "running", Job.heartbeat_at: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)}
    ).where(Job.id == job_id)


async def test_a_job_taken_up_again_only_checks_the_officials_it_had_not_recorded(db, sim, lms_settings) -> None:
    seeded = await seed_scenario(2, 6)
    cid = seeded["competition_id"]
    job_id = await jobs.enqueue_check("competition", cid)
    # The first worker recorded six officials, then died.
    ids = sorted(i for v in seeded["officials"].values() for i in v)
    first_six = ids[:6]
    await CertificateCheck.insert(*[
        CertificateCheck(official=i, job=job_id, source="http", result="tidak_ditemukan", http_status=404,
                         checked_at=dt.datetime.now(dt.UTC))
        for i in first_six
    ])
    await _make_stale(job_id)
    assert await runner.run_pending(lms_settings) == 1
    assert sim.requests == 6
    asked = set(sim.stats()["by_identity"])
    for v, entrant in enumerate(seeded["entrant_ids"], start=1):
        for j, official_id in enumerate(seeded["officials"][entrant], start=1):
            ident = scenario_identity(v, j)
            key = f"email:{ident['email']}" if ident["email"] else f"phone:62{ident['phone'][1:]}"
            assert (key in asked) == (official_id not in first_six)
    rows = await rows_of(job_id)
    assert sorted(r["official"] for r in rows) == ids  # exactly one row per official for this job
    job = await runner.get(job_id)
    assert job is not None
    assert (job["status"], job["progress_done"], job["progress_total"]) == ("done", 12, 12)
    assert "sudah selesai sebelum dimulai ulang 6" in job["message"]


async def test_a_job_interrupted_mid_run_resumes_where_it_stopped(db, sim) -> None:
    seeded = await seed_scenario(3, 10)
    sim.configure(latency_ms=40)
    settings = app_settings(db.url, lms_for(sim, concurrency=2, read_timeout=2.0))
    job_id = await jobs.enqueue_check("competition", seeded["competition_id"])
    ctx = await runner.claim(settings, only=job_id)
    assert ctx is not None
    worker = asyncio.create_task(runner.run(ctx))
    for _ in range(500):
        if len(await rows_of(job_id)) >= 8:
            break
        await asyncio.sleep(0.02)
    worker.cancel()  # the worker dies mid-run
    await asyncio.gather(worker, return_exceptions=True)
    before = len(await rows_of(job_id))
    assert 8 <= before < 30
    await _make_stale(job_id)
    sim.reset()
    assert await runner.run_pending(settings) == 1
    assert sim.requests == 30 - before
    rows = await rows_of(job_id)
    assert len(rows) == 30
    assert len({r["official"] for r in rows}) == 30
    for row in rows:
        assert row["result"] == await truth(row["official"])


async def test_proof_from_an_import_is_not_asked_again(db, sim, lms_settings) -> None:
    seeded = await seed_scenario(1, 5)
    proven = seeded["officials"][seeded["entrant_ids"][0]][0]
    await CertificateCheck.insert(CertificateCheck(
        official=proven, source="import", result="terverifikasi", certificates=[{"course_code": "PD-101"}],
        response_sha256="ab" * 32, checked_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=90),
    ))
    job_id = await run_job(lms_settings, "competition", seeded["competition_id"])
    assert sim.requests == 4
    assert proven not in {r["official"] for r in await rows_of(job_id)}
    forced = await run_job(lms_settings, "entrant", seeded["entrant_ids"][0], force=True)
    assert proven in {r["official"] for r in await rows_of(forced)}


async def test_officials_without_identity_are_reported_not_recorded(db, sim, lms_settings) -> None:
    seeded = await seed_scenario(1, 4)
    nobody = seeded["officials"][seeded["entrant_ids"][0]][1]
    await Official.update({Official.email: "", Official.phone: "", Official.lms_user_id: ""}).where(
        Official.id == nobody
    )
    inactive = seeded["officials"][seeded["entrant_ids"][0]][2]
    await Official.update({Official.active: False}).where(Official.id == inactive)
    job_id = await run_job(lms_settings, "entrant", seeded["entrant_ids"][0])
    rows = await rows_of(job_id)
    assert {r["official"] for r in rows} == set(seeded["officials"][seeded["entrant_ids"][0]]) - {nobody, inactive}
    job = await runner.get(job_id)
    assert job is not None
    assert job["progress_total"] == 2
    assert "tanpa identitas LMS 1" in job["message"]
    # One official asked for by id is checked even when inactive.
    single = await run_job(lms_settings, "official", inactive)
    assert [r["official"] for r in await rows_of(single)] == [inactive]


async def test_a_misbehaving_lms_leaves_evidence_and_never_a_false_not_found(db, sim, lms_settings) -> None:
    seeded = await seed_scenario(1, 5)
    keys = [f"email:perangkat{j}.desa1@ntb.desa.id" for j in range(1, 5)]
    sim.configure(script={keys[0]: ["timeout", "ok"], keys[1]: [503, 503, "ok"], keys[2]: [429],
                          keys[3]: ["malformed"]}, retry_after=1)
    job_id = await run_job(lms_settings, "competition", seeded["competition_id"])
    rows = {r["official"]: r for r in await rows_of(job_id)}
    ids = seeded["officials"][seeded["entrant_ids"][0]]
    for official_id in ids[:3]:
        assert rows[official_id]["result"] == await truth(official_id)
    malformed = rows[ids[3]]
    assert (malformed["result"], malformed["http_status"]) == (ERROR, 200)
    assert "malformed" in malformed["error"]
    by_identity = sim.stats()["by_identity"]
    assert (by_identity[keys[0]], by_identity[keys[1]], by_identity[keys[2]], by_identity[keys[3]]) == (2, 3, 2, 1)
