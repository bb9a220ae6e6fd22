"""Finalising freezes a verifiable snapshot; re-opening supersedes it; the public pages show both."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx

from app.audit.tables import AuditLog
from app.competitions.tables import Competition
from app.officials.tables import Official
from app.results.services import ranking
from app.results.tables import Snapshot
from tests.conftest import login, run_cli
from tests.integration.results.decisions_scenario import submit_all


async def _finalise(client: httpx.AsyncClient, cid: int, token: str, **form: str) -> httpx.Response:
    return await client.post(f"/competitions/{cid}/finalise", data={"_csrf": token, **form},
                             follow_redirects=False)


async def test_finalise_is_refused_with_missing_sheets_and_allowed_with_override(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    cid = demo["competition_id"]
    await submit_all(demo, skip={(9, "KLAR", "juri5")})
    token = await login(client, "panitia")
    page = await client.get(f"/competitions/{cid}/finalise")
    assert page.status_code == 200
    assert "Semua lembar penilaian yang ditugaskan sudah dikirim" in page.text
    assert "Ahmad Zulkarnain, S.Kom. belum mengirim lembar KLAR untuk" in page.text
    assert "masih bernilai sama; tetapkan urutannya dalam pleno" in page.text
    assert "pemeriksaan sertifikat LMS belum tuntas" in page.text

    refused = await _finalise(client, cid, token)
    assert refused.status_code == 422
    assert "Beberapa pemeriksaan belum terpenuhi" in refused.text
    no_reason = await _finalise(client, cid, token, override="on", reason="  ")
    assert no_reason.status_code == 422
    assert "Tuliskan alasan menetapkan final" in no_reason.text
    assert (await Competition.select(Competition.status).where(Competition.id == cid).first())["status"] == "penilaian"

    reason = "Juri 5 berhalangan hadir pada klarifikasi desa terakhir"
    done = await _finalise(client, cid, token, override="on", reason=reason)
    assert done.status_code == 303
    row = await Snapshot.select().where(Snapshot.competition == cid).first()
    assert done.headers["location"].endswith(f"code={row['code']}")
    assert row["override_reason"] == reason
    assert row["superseded_at"] is None
    assert (await Competition.select(Competition.status).where(Competition.id == cid).first())["status"] == "final"
    payload = json.loads(row["payload"])
    assert payload["override_reason"] == reason
    assert payload["sha256"] == row["sha256"]
    assert payload["created_by"] == "Rina Marlina, S.IP."
    assert payload["competition"]["organiser_region"] == {"code": "52.01", "name": "Kabupaten Lombok Barat"}
    assert payload["competition"]["year"] == "2026"
    assert payload["format"] == "lomba-desa-snapshot/1"
    # The frozen result is the live one.
    live = await ranking(cid, detail=False)
    assert [(e["entrant"], e["total"]) for e in payload["result"]["entrants"]] == [
        (e.entrant, f"{e.total:.2f}") for e in live.result.entrants]
    audit = await AuditLog.select().where(AuditLog.action == "finalise").first()
    after = audit["after"] if isinstance(audit["after"], dict) else json.loads(audit["after"])
    assert after["code"] == row["code"]
    assert after["failed_checks"] == ["sheets", "scores", "ties", "lms"]

    page = await client.get(f"/competitions/{cid}/finalise")
    assert "Hasil sudah final" in page.text
    assert row["code"] in page.text
    assert row["sha256"] in page.text
    # While final nothing changes: pleno, advancing and finalising again are locked.
    codes = [e.code for e in live.inputs.entrants]
    locked = await client.post(f"/competitions/{cid}/pleno", data={
        "_csrf": token, "group": f"{codes[0]},{codes[1]}", "position-1": codes[0], "position-2": codes[1],
        "reason": "terlambat"})
    assert locked.status_code == 423
    assert "Terkunci" in locked.text
    assert (await client.post(f"/competitions/{cid}/advance", data={"_csrf": token})).status_code == 423
    assert (await _finalise(client, cid, token, override="on", reason="lagi")).status_code == 423


async def test_snapshot_has_no_personal_data_of_officials(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    token = await login(client, "panitia")
    await _finalise(client, cid, token, override="on", reason="uji")
    payload = (await Snapshot.select(Snapshot.payload).first())["payload"]
    officials = await Official.select(Official.name, Official.email, Official.phone)
    assert officials
    for o in officials:
        assert o["name"] not in payload
        assert o["email"] not in payload
        assert o["phone"] not in payload
    assert '"nik' not in payload.lower()
    assert not re.search(r"\d{16}", payload)


async def test_download_verify_tamper_reopen_and_public_pages(
    client: httpx.AsyncClient, demo: dict[str, Any], db: Any, tmp_path: Path
) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    token = await login(client, "panitia")
    await _finalise(client, cid, token, override="on", reason="PAP belum dinilai")
    first = (await Snapshot.select().first())["code"]
    await client.post("/logout", data={"_csrf": token})
    assert (await client.get("/")).status_code in (200, 303)

    # Public, without login.
    listing = await client.get("/hasil")
    assert listing.status_code == 200
    assert f"/hasil/{cid}" in listing.text
    assert first in listing.text
    result = await client.get(f"/hasil/{cid}")
    assert result.status_code == 200
    assert "Juara III" in result.text
    assert "Peringkat" in result.text
    download = await client.get(f"/api/v1/snapshots/{first}")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == f'attachment; filename="snapshot-{first}.json"'
    path = tmp_path / f"snapshot-{first}.json"
    path.write_bytes(download.content)
    ok = run_cli("verify-snapshot", str(path), check=False)
    assert ok.returncode == 0, ok.stderr
    sha = json.loads(download.content)["sha256"]
    assert ok.stdout.strip() == f"OK: hash {sha} cocok; hasil dihitung ulang sama"

    data = json.loads(download.content)
    data["inputs"]["scores"][0][3] = "0" if data["inputs"]["scores"][0][3] != "0" else "1"
    tampered = tmp_path / "score.json"
    tampered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = run_cli("verify-snapshot", str(tampered), check=False)
    assert bad.returncode == 1
    assert "GAGAL" in bad.stderr
    assert "hash TIDAK cocok" in bad.stderr
    data = json.loads(download.content)
    data["result"]["entrants"][2]["total"] = "99.99"
    tampered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = run_cli("verify-snapshot", str(tampered), check=False)
    assert bad.returncode == 1
    assert "total tersimpan '99.99'" in bad.stderr

    page = await client.get(f"/verifikasi/{first}")
    assert page.status_code == 200
    assert sha in page.text
    assert "berlaku" in page.text
    assert "lomba-desa verify-snapshot" in page.text
    assert f"/api/v1/snapshots/{first}" in page.text
    assert (await client.get(f"/verifikasi/{first.lower()}")).status_code == 200
    unknown = await client.get("/verifikasi/LD-0000-0000")
    assert unknown.status_code == 404
    assert "Halaman tidak ditemukan" in unknown.text
    assert (await client.get("/api/v1/snapshots/LD-0000-0000")).status_code == 404

    # Re-open with a reason, finalise again: a new code; the old one stays verifiable, marked superseded.
    token = await login(client, "panitia")
    empty = await client.post(f"/competitions/{cid}/reopen", data={"_csrf": token, "reopen_reason": ""})
    assert empty.status_code == 422
    assert "Tuliskan alasan membuka kembali" in empty.text
    reopened = await client.post(f"/competitions/{cid}/reopen", data={
        "_csrf": token, "reopen_reason": "Salah ketik nilai juri 2"}, follow_redirects=False)
    assert reopened.status_code == 303
    status = (await Competition.select(Competition.status).where(Competition.id == cid).first())["status"]
    assert status == "pleno"
    assert (await client.get(f"/hasil/{cid}")).status_code == 404
    assert await AuditLog.exists().where(AuditLog.action == "reopen")
    await _finalise(client, cid, token, override="on", reason="PAP belum dinilai")
    second = (await Snapshot.select().where(Snapshot.superseded_at.is_null()).first())["code"]
    assert second != first
    old = await client.get(f"/verifikasi/{first}")
    assert "digantikan" in old.text
    assert "Salah ketik nilai juri 2" in old.text
    assert f"/verifikasi/{second}" in old.text
    new = await client.get(f"/verifikasi/{second}")
    assert "berlaku" in new.text
    assert "digantikan" not in new.text
    old_file = tmp_path / "old.json"
    old_file.write_bytes((await client.get(f"/api/v1/snapshots/{first}")).content)
    assert run_cli("verify-snapshot", str(old_file), check=False).returncode == 0
