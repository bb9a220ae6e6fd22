"""The offline mode's server side, on SQLite and PostgreSQL: the bundle (only the judge's own sheets),
the session endpoint, the service worker route and the backup upload (same rules as the API; twice = once)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from app.competitions.tables import Assignment, Stage
from app.judging import services
from app.judging.tables import Submission
from tests.conftest import login
from tests.integration.judging.conftest import body


async def _codes(client: httpx.AsyncClient, entrant: int, stage: str = "KLAR") -> list[str]:
    response = await client.get(f"/api/v1/sheets/{entrant}/{stage}")
    assert response.status_code == 200, response.text
    return [i["code"] for i in response.json()["indicators"]]


def _backup(username: str, items: list[dict[str, Any]]) -> bytes:
    return json.dumps({"format": "lomba-desa-offline-backup", "version": 1, "user": {"username": username},
                       "items": items}).encode()


async def _upload(client: httpx.AsyncClient, csrf: str, raw: bytes) -> httpx.Response:
    return await client.post("/offline/backup", data={"_csrf": csrf},
                             files={"file": ("cadangan.json", raw, "application/json")})


async def test_bundle_lists_only_the_judges_own_sheets(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    # juri1 loses one village's KLAR assignment: its sheet must not be in the bundle.
    dropped = demo["entrant_ids"][3]
    klar = await Stage.select(Stage.id).where(
        (Stage.competition == demo["competition_id"]) & (Stage.code == "KLAR")).first()
    await Assignment.delete().where(
        (Assignment.judge == demo["judge_ids"]["juri1"]) & (Assignment.entrant == dropped)
        & (Assignment.stage == klar["id"]))
    await login(client, "juri1")
    response = await client.get("/api/v1/offline/bundle")
    assert response.status_code == 200
    data = response.json()
    sheets = {(s["entrant_id"], s["stage_code"]) for s in data["sheets"]}
    assert len(sheets) == 19
    assert (dropped, "KLAR") not in sheets
    assert (dropped, "ADM") in sheets
    assert f"/sheets/{dropped}/KLAR" not in data["pages"]
    assert f"/api/v1/sheets/{demo['entrant_ids'][0]}/KLAR" in data["pages"]
    assert {"/", "/offline"} <= set(data["pages"])
    assert len(data["officials"]) == 10
    assert "/static/offline.js" in data["shell"]
    # Every page listed answers 200 for this judge (what "Siapkan offline" will store).
    for url in data["pages"]:
        assert (await client.get(url)).status_code == 200, url
    # Another judge's bundle is their own.
    client.cookies.clear()
    await login(client, "juri2")
    other = (await client.get("/api/v1/offline/bundle")).json()
    assert other["user"]["username"] == "juri2"
    assert len(other["sheets"]) == 20


async def test_submitted_sheet_is_bundled_as_receipt(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "juri1")
    entrant = demo["entrant_ids"][0]
    codes = await _codes(client, entrant)
    sent = await client.post(f"/api/v1/sheets/{entrant}/KLAR/submissions", json=body(codes),
                             headers={"X-CSRF-Token": csrf})
    assert sent.status_code == 201
    data = (await client.get("/api/v1/offline/bundle")).json()
    sheet = next(s for s in data["sheets"] if s["entrant_id"] == entrant and s["stage_code"] == "KLAR")
    assert sheet["page_url"] is None
    assert sheet["receipt_url"] == f"/sheets/{entrant}/KLAR/receipt"
    assert sheet["receipt_url"] in data["pages"]


async def test_bundle_and_offline_page_are_for_judges(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    assert (await client.get("/api/v1/offline/bundle")).status_code == 401
    assert (await client.get("/api/v1/session")).status_code == 401
    await login(client, "panitia")
    assert (await client.get("/api/v1/offline/bundle")).status_code == 403
    assert (await client.get("/offline")).status_code == 403
    session = await client.get("/api/v1/session")
    assert session.status_code == 200
    assert session.json()["user"]["role"] == "panitia"


async def test_session_gives_a_working_csrf_token(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    await login(client, "juri1")
    session = (await client.get("/api/v1/session")).json()
    assert session["user"]["username"] == "juri1"
    entrant = demo["entrant_ids"][1]
    codes = await _codes(client, entrant)
    url = f"/api/v1/sheets/{entrant}/KLAR/submissions"
    assert (await client.post(url, json=body(codes), headers={"X-CSRF-Token": "wrong"})).status_code == 403
    ok = await client.post(url, json=body(codes), headers={"X-CSRF-Token": session["csrf_token"]})
    assert ok.status_code == 201


async def test_service_worker_route_and_page(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    sw = await client.get("/sw.js")
    assert sw.status_code == 200
    assert sw.headers["content-type"].startswith("application/javascript")
    assert sw.headers["service-worker-allowed"] == "/"
    assert sw.headers["cache-control"] == "no-cache"
    assert "caches.open" in sw.text
    await login(client, "juri1")
    page = await client.get("/offline")
    assert page.status_code == 200
    assert 'id="prepare-btn"' in page.text
    assert 'action="/offline/backup"' in page.text
    assert "Siapkan offline" in page.text
    assert "Unduh cadangan" in page.text
    home = await client.get("/")
    assert 'id="offline-badge"' in home.text
    assert "/static/offline.js" in home.text
    assert "belum terkirim" in home.text  # the badge's translated texts ride along as data-strings


async def test_backup_upload_records_each_sheet_once(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "juri1")
    a, b = demo["entrant_ids"][4], demo["entrant_ids"][5]
    items = [
        {**body(await _codes(client, a), "3"), "entrant_id": a, "stage_code": "KLAR", "created_at": "2026-11-28T01:00"},
        {**body(await _codes(client, b, "ADM"), "2"), "entrant_id": b, "stage_code": "ADM",
         "created_at": "2026-11-28T02:00"},
    ]
    raw = _backup("juri1", items)
    first = await _upload(client, csrf, raw)
    assert first.status_code == 200, first.text
    assert 'id="count-201">2<' in first.text
    assert "Tercatat sebagai versi 1" in first.text
    again = await _upload(client, csrf, raw)
    assert again.status_code == 200
    assert 'id="count-201">0<' in again.text
    assert 'id="count-200">2<' in again.text
    assert "Sudah tercatat sebelumnya" in again.text
    rows = await Submission.select(Submission.entrant, Submission.version).where(Submission.entrant.is_in([a, b]))
    assert sorted((r["entrant"], r["version"]) for r in rows) == sorted([(a, 1), (b, 1)])


async def test_backup_upload_follows_the_submission_rules(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "juri1")
    stale, fresh, pap = demo["entrant_ids"][6], demo["entrant_ids"][7], demo["entrant_ids"][8]
    codes = await _codes(client, stale)
    # Submitted elsewhere, unlocked by the committee, submitted again: the tablet's edit of v1 is stale.
    for value in ("1", "2"):
        base = None if value == "1" else 1
        sent = await client.post(f"/api/v1/sheets/{stale}/KLAR/submissions", json=body(codes, value, base=base),
                                 headers={"X-CSRF-Token": csrf})
        assert sent.status_code == 201, sent.text
        if value == "1":
            sheet = await services.load_sheet(demo["judge_ids"]["juri1"], stale, "KLAR")
            await services.unlock(sheet, "Salah ketik nilai", demo["panitia_id"])
    items = [
        {**body(codes, "4", base=1), "entrant_id": stale, "stage_code": "KLAR"},
        {**body(codes[:3], "4"), "entrant_id": fresh, "stage_code": "KLAR"},
        {**body(codes, "4"), "entrant_id": pap, "stage_code": "PAP"},
        {"entrant_id": fresh, "stage_code": "KLAR", "client_uuid": "not-a-uuid", "values": {}},
    ]
    result = await _upload(client, csrf, _backup("juri1", items))
    assert result.status_code == 200
    text = result.text
    assert 'class="result-409"' in text
    assert "sekarang versi 2" in text
    assert 'class="result-422"' in text
    assert 'class="result-403"' in text
    assert text.count('class="result-422"') == 2
    assert await Submission.count().where(Submission.entrant == stale) == 2
    assert await Submission.count().where(Submission.entrant.is_in([fresh, pap])) == 0


async def test_backup_of_another_judge_or_not_a_backup_is_refused(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    csrf = await login(client, "juri1")
    entrant = demo["entrant_ids"][9]
    item = {**body(await _codes(client, entrant)), "entrant_id": entrant, "stage_code": "KLAR",
            "client_uuid": str(uuid.uuid4())}
    other = await _upload(client, csrf, _backup("juri2", [item]))
    assert other.status_code == 422
    assert "milik juri juri2" in other.text
    junk = await _upload(client, csrf, b"hello")
    assert junk.status_code == 422
    assert "bukan cadangan Lomba Desa" in junk.text
    assert await Submission.count() == 0
