"""The two fallbacks that always work (LMS export import, manual evidence), lms_share and the overview."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

import httpx
from openpyxl import Workbook
from PIL import Image

from app.auth.services import create_user
from app.clock import now
from app.judging.tables import EvidenceFile
from app.officials import repo
from app.officials.tables import CertificateCheck, Official
from tests.conftest import login


async def officials(entrant_id: int) -> list[dict[str, Any]]:
    return await Official.select().where(Official.entrant == entrant_id).order_by(Official.id)


async def upload(client: httpx.AsyncClient, url: str, csrf: str, name: str, content: bytes,
                 **fields: str) -> httpx.Response:
    return await client.post(url, data={"_csrf": csrf, **fields}, files={"file": (name, content)},
                             follow_redirects=False)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 180, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


async def test_lms_export_import_creates_import_checks(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "panitia")
    first, second = (await officials(demo["entrant_ids"][0]))[:2]
    content = (
        "Email,Telepon,Kode Kursus,Judul Kursus,No Sertifikat,Tanggal,Status\n"
        f"{first['email'].upper()},,PD-01,Perencanaan Desa,CERT-001,2025-03-01,Lulus\n"
        f",{second['phone']},PD-02,Keuangan Desa,CERT-002,02/03/2025,selesai\n"
        f"{first['email']},,PD-02,Keuangan Desa,CERT-003,2025-03-04,\n"
        "orang.asing@contoh.id,,PD-01,Perencanaan Desa,CERT-004,2025-03-01,lulus\n"
        f"{second['email']},,PD-03,Pelayanan Publik,,,belum selesai\n"
    ).encode()
    url = f"/competitions/{demo['competition_id']}/lms-import"
    response = await upload(client, url, csrf, "ekspor-lms.csv", content)
    assert response.status_code == 200, response.text
    assert "orang.asing@contoh.id" in response.text  # reported as unmatched, not refused
    checks = await CertificateCheck.select().order_by(CertificateCheck.official).output(load_json=True)
    assert [c["official"] for c in checks] == [first["id"], second["id"]]
    for check in checks:
        assert check["source"] == "import"
        assert check["result"] == "terverifikasi"
        assert check["started_by"] == demo["panitia_id"]
        assert check["response_sha256"] == hashlib.sha256(content).hexdigest()
    assert sorted(c["certificate_number"] for c in checks[0]["certificates"]) == ["CERT-001", "CERT-003"]
    assert checks[1]["certificates"][0]["date"] == "2025-03-02"
    page = await client.get(f"/competitions/{demo['competition_id']}/entrants/{demo['entrant_ids'][0]}/officials")
    assert "Impor ekspor LMS" in page.text


async def test_malformed_lms_row_writes_nothing(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "panitia")
    first = (await officials(demo["entrant_ids"][0]))[0]
    content = (
        "email;kode_kursus;no_sertifikat;tanggal\n"
        f"{first['email']};PD-01;CERT-001;2025-03-01\n"
        f"{first['email']};PD-02;CERT-002;tiga maret\n"
    ).encode()
    response = await upload(client, f"/competitions/{demo['competition_id']}/lms-import", csrf, "x.csv", content)
    assert response.status_code == 422
    assert "Baris 3 · Tanggal" in response.text
    assert await CertificateCheck.count() == 0


async def test_lms_export_as_xlsx(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "panitia")
    first = (await officials(demo["entrant_ids"][3]))[0]
    await Official.update({Official.lms_user_id: "u-3301"}).where(Official.id == first["id"])
    book = Workbook()
    book.active.append(["user_id", "course_title", "certificate_number", "completed_at"])
    book.active.append(["u-3301", "Keuangan Desa", "C-9", dt.datetime(2025, 3, 1, 9, 30)])
    buffer = io.BytesIO()
    book.save(buffer)
    response = await upload(client, f"/competitions/{demo['competition_id']}/lms-import", csrf, "e.xlsx",
                            buffer.getvalue())
    assert response.status_code == 200, response.text
    check = await CertificateCheck.select().output(load_json=True).first()
    assert check["official"] == first["id"]
    assert check["certificates"][0]["course_title"] == "Keuangan Desa"


async def test_manual_evidence_by_an_assigned_judge(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    entrant = demo["entrant_ids"][0]
    target = (await officials(entrant))[0]
    csrf = await login(client, "juri1")
    page = await client.get(f"/sheets/{entrant}/officials")
    assert page.status_code == 200
    assert target["name"] in page.text
    content = png()
    response = await upload(client, f"/sheets/{entrant}/officials/{target['id']}/evidence", csrf, "sertifikat.png",
                            content, attest="on", certificate_number="LMS-2025-0001")
    assert response.status_code == 303, response.text
    check = await CertificateCheck.select().where(CertificateCheck.official == target["id"]).first()
    assert check["source"] == "manual"
    assert check["result"] == "terverifikasi"
    assert check["attested_by"] == demo["judge_ids"]["juri1"]
    assert check["response_sha256"] == hashlib.sha256(content).hexdigest()
    evidence = await EvidenceFile.select().where(EvidenceFile.id == check["evidence"]).first()
    assert evidence["content_type"] == "image/png"
    assert bytes(evidence["data"]) == content
    assert evidence["uploaded_by"] == demo["judge_ids"]["juri1"]
    shown = await client.get(f"/officials/evidence/{check['id']}")
    assert shown.status_code == 200
    assert shown.content == content
    after = await client.get(f"/sheets/{entrant}/officials")
    assert "Bukti manual" in after.text


async def test_unassigned_judge_is_refused(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    entrant = demo["entrant_ids"][0]
    target = (await officials(entrant))[0]
    await create_user("juri9", "demo-lombadesa", "juri", "Juri Tanpa Tugas")
    csrf = await login(client, "juri9")
    assert (await client.get(f"/sheets/{entrant}/officials")).status_code == 403
    response = await upload(client, f"/sheets/{entrant}/officials/{target['id']}/evidence", csrf, "s.png", png(),
                            attest="on")
    assert response.status_code == 403
    assert await CertificateCheck.count() == 0
    assert await EvidenceFile.count() == 0


async def test_wrong_file_type_and_missing_attestation_are_refused(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    entrant = demo["entrant_ids"][0]
    target = (await officials(entrant))[0]
    csrf = await login(client, "juri2")
    url = f"/sheets/{entrant}/officials/{target['id']}/evidence"
    # A GIF renamed to .png: the first bytes decide.
    wrong = await upload(client, url, csrf, "sertifikat.png", b"GIF89a" + b"\x00" * 64, attest="on")
    assert wrong.status_code == 422
    assert "JPEG" in wrong.text
    unattested = await upload(client, url, csrf, "sertifikat.png", png())
    assert unattested.status_code == 422
    assert await CertificateCheck.count() == 0
    assert await EvidenceFile.count() == 0


async def test_committee_may_upload_evidence_too(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    entrant = demo["entrant_ids"][5]
    target = (await officials(entrant))[0]
    csrf = await login(client, "panitia")
    response = await upload(client, f"/sheets/{entrant}/officials/{target['id']}/evidence", csrf, "s.pdf",
                            b"%PDF-1.4\n%fake but well-typed\n", attest="on")
    assert response.status_code == 303
    check = await CertificateCheck.select().first()
    assert check["attested_by"] == demo["panitia_id"]


async def add_check(official_id: int, result: str, source: str = "http") -> None:
    await CertificateCheck.insert(CertificateCheck(official=official_id, source=source, result=result,
                                                   checked_at=now()))


async def test_lms_share_counts_latest_checks_of_counted_officials(demo: dict[str, Any]) -> None:
    entrant = demo["entrant_ids"][0]
    people = await officials(entrant)
    counted = [p for p in people if p["jabatan"] != "staf"]
    assert len(counted) < len(people)  # the demo village has a staff member, who is not counted
    assert await repo.lms_share(entrant) == (0, len(counted), True)
    for person in counted:
        await add_check(person["id"], "terverifikasi")
    assert await repo.lms_share(entrant) == (len(counted), len(counted), False)
    # A later failed lookup makes the figure provisional again; the latest check is the status.
    await add_check(counted[0]["id"], "galat")
    assert await repo.lms_share(entrant) == (len(counted) - 1, len(counted), True)
    await add_check(counted[0]["id"], "tidak_ditemukan")
    assert await repo.lms_share(entrant) == (len(counted) - 1, len(counted), False)
    # Inactive officials do not count.
    await Official.update({Official.active: False}).where(Official.id == counted[0]["id"])
    verified, active, provisional = await repo.lms_share(entrant)
    assert (verified, active, provisional) == (len(counted) - 1, len(counted) - 1, False)


async def test_overview_counts_per_village(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    entrant = demo["entrant_ids"][0]
    people = await officials(entrant)
    await add_check(people[0]["id"], "terverifikasi", "import")
    await add_check(people[1]["id"], "tidak_ditemukan")
    await add_check(people[2]["id"], "tertunda")
    rows = await repo.overview(demo["competition_id"])
    assert len(rows) == len(demo["entrant_ids"])
    row = next(r for r in rows if r["id"] == entrant)
    assert row["counts"] == {"terverifikasi": 1, "tidak_ditemukan": 1, "galat": 0, "tertunda": 1,
                             "belum_dicek": len(people) - 3}
    assert row["share"].provisional
    await login(client, "panitia")
    page = await client.get(f"/competitions/{demo['competition_id']}/officials")
    assert page.status_code == 200
    assert row["name"] in page.text
    assert "Sementara" in page.text


async def test_oversized_evidence_is_refused(demo: dict[str, Any]) -> None:
    from app.auth.services import CurrentUser
    from app.officials import services

    entrant = demo["entrant_ids"][0]
    target = (await officials(entrant))[0]
    judge = CurrentUser(demo["judge_ids"]["juri1"], "juri1", "Juri Satu", "juri", "id")
    content = png()
    check_id, errors = await services.add_manual_evidence(
        judge, entrant, target["id"], filename="s.png", content=content, attested=True, max_bytes=len(content) - 1
    )
    assert check_id is None
    assert "file" in errors
    assert await EvidenceFile.count() == 0
    check_id, errors = await services.add_manual_evidence(
        judge, entrant, target["id"], filename="s.png", content=content, attested=True, max_bytes=len(content)
    )
    assert errors == {}
    assert check_id is not None
