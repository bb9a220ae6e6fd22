"""The committee's side: unlocking with a logged reason, paper transcriptions confirmed by a second member,
releasing scores."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from app.audit.tables import AuditLog
from app.auth.services import create_user
from app.judging import services
from app.judging.tables import SheetUnlock, Submission
from tests.conftest import csrf_from, login
from tests.integration.judging.conftest import body


async def _as(client: httpx.AsyncClient, username: str) -> str:
    client.cookies.clear()
    return await login(client, username)


async def test_unlock_needs_a_reason_is_logged_and_allows_a_new_version(
    client: httpx.AsyncClient, api_for: Any, demo: dict[str, Any]
) -> None:
    entrant, judge = demo["entrant_ids"][0], demo["judge_ids"]["juri1"]
    api = await api_for("juri1")
    codes = await api.codes(entrant)
    assert (await api.submit(entrant, body(codes, "2"))).status_code == 201
    csrf = await _as(client, "panitia")
    base = f"/committee/sheets/{entrant}/KLAR/{judge}"
    page = await client.get(base)
    assert page.status_code == 200
    assert "Buka kembali untuk juri" in page.text
    refused = await client.post(f"{base}/unlock", data={"_csrf": csrf, "reason": "  "})
    assert refused.status_code == 422
    assert await SheetUnlock.count() == 0
    done = await client.post(f"{base}/unlock", data={"_csrf": csrf, "reason": "Juri salah memilih desa"})
    assert done.status_code == 303
    unlock = await SheetUnlock.select().first()
    assert unlock["after_version"] == 1
    assert unlock["reason"] == "Juri salah memilih desa"
    audit = await AuditLog.select().where(AuditLog.action == "unlock").first()
    assert audit is not None
    assert "Juri salah memilih desa" in str(audit["after"])
    # Unlocking an unlocked sheet is refused.
    assert (await client.post(f"{base}/unlock", data={"_csrf": csrf, "reason": "Sekali lagi"})).status_code == 409
    second = await api.submit(entrant, body(codes, "3", base=1))
    assert second.status_code == 201
    assert second.json()["replaces_version"] == 1
    overview = await client.get(f"/committee/competitions/{demo['competition_id']}/sheets")
    assert overview.status_code == 200
    assert "Terkirim · v2" in overview.text


async def test_paper_transcription_counts_only_after_a_second_member_confirms(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await create_user("panitia2", "demo-lombadesa", "panitia", "Anggota Panitia Dua")
    entrant, judge = demo["entrant_ids"][1], demo["judge_ids"]["juri3"]
    base = f"/committee/sheets/{entrant}/KLAR/{judge}"
    await _as(client, "panitia")
    form = await client.get(f"{base}/transcribe")
    assert form.status_code == 200
    codes = list(dict.fromkeys(re.findall(r'name="v:([A-Z]+\.[0-9.]+)"', form.text)))
    uid = re.search(r'name="client_uuid" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    data = {"_csrf": csrf_from(form.text), "client_uuid": uid, "base_version": "",
            **{f"v:{c}": "3" for c in codes}}
    entered = await client.post(f"{base}/transcribe", data=data)
    assert entered.status_code == 303
    row = await Submission.select().first()
    assert (row["status"], row["source"], row["version"]) == ("pending", "paper", 1)
    assert row["judge"] == judge
    assert row["submitted_by"] == demo["panitia_id"]
    assert await services.current_submissions(demo["competition_id"]) == {}
    # The same member cannot confirm it.
    page = await client.get(base)
    assert "Konfirmasi: sesuai lembar kertas" not in page.text
    same = await client.post(f"{base}/versions/1/decide", data={"_csrf": csrf_from(page.text), "action": "confirm"})
    assert same.status_code == 403
    assert (await Submission.select(Submission.status).first())["status"] == "pending"
    # A second, different member confirms (they cannot edit: there is no value field on the page).
    csrf = await _as(client, "panitia2")
    page = await client.get(base)
    assert "Konfirmasi: sesuai lembar kertas" in page.text
    assert 'name="v:' not in page.text
    confirmed = await client.post(f"{base}/versions/1/decide", data={"_csrf": csrf, "action": "confirm"})
    assert confirmed.status_code == 303
    row = await Submission.select().first()
    assert row["status"] == "active"
    assert row["confirmed_by"] != demo["panitia_id"]
    current = await services.current_submissions(demo["competition_id"])
    assert current[(entrant, "KLAR", judge)]["version"] == 1
    actions = [r["action"] for r in await AuditLog.select(AuditLog.action).order_by(AuditLog.id)]
    assert "transcribe" in actions
    assert "confirm_transcription" in actions


async def test_rejected_transcription_never_counts_and_its_number_is_skipped(
    client: httpx.AsyncClient, api_for: Any, demo: dict[str, Any]
) -> None:
    await create_user("panitia2", "demo-lombadesa", "panitia", "Anggota Panitia Dua")
    entrant, judge = demo["entrant_ids"][2], demo["judge_ids"]["juri4"]
    sheet = await services.load_sheet(judge, entrant, "KLAR")
    codes = [i.code for i in sheet.indicators]
    data = services.SubmissionIn(client_uuid=uuid.uuid4(), base_version=None,
                                 values=dict.fromkeys(codes, "1"))
    await services.submit(sheet, data, demo["panitia_id"], source="paper")
    # While a transcription waits, a second one is refused.
    second = services.SubmissionIn(client_uuid=uuid.uuid4(), base_version=None,
                                   values=dict.fromkeys(codes, "2"))
    with pytest.raises(services.Conflict):
        await services.submit(sheet, second, demo["panitia_id"], source="paper")
    csrf = await _as(client, "panitia2")
    rejected = await client.post(f"/committee/sheets/{entrant}/KLAR/{judge}/versions/1/decide",
                                 data={"_csrf": csrf, "action": "reject"})
    assert rejected.status_code == 303
    api = await api_for("juri4")
    response = await api.submit(entrant, body(codes, "4"))
    assert response.status_code == 201
    assert response.json()["version"] == 2
    assert response.json()["replaces_version"] is None
    statuses = [(r["version"], r["status"]) for r in await Submission.select().order_by(Submission.version)]
    assert statuses == [(1, "rejected"), (2, "active")]


async def test_release_toggle_is_logged(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await _as(client, "panitia")
    url = f"/committee/competitions/{demo['competition_id']}"
    page = await client.get(f"{url}/sheets")
    assert "Buka nilai untuk para juri" in page.text
    assert (await client.post(f"{url}/release", data={"_csrf": csrf, "released": "1"})).status_code == 303
    page = await client.get(f"{url}/sheets")
    assert "Sembunyikan nilai dari juri" in page.text
    assert await AuditLog.count().where(AuditLog.action == "release_scores") == 1
