"""The officials register over HTTP: NIK at rest, masking, the reveal log, forms and file imports."""

from __future__ import annotations

import io
import re
from typing import Any

import httpx
from openpyxl import Workbook

from app.audit.tables import AuditLog
from app.auth.services import create_user
from app.officials.crypto import NikVault
from app.officials.tables import Official
from app.settings import Settings
from tests.conftest import login

NIK = "5201015203850007"
MASKED = "5201********0007"


def base(demo: dict[str, Any], index: int = 0) -> str:
    return f"/competitions/{demo['competition_id']}/entrants/{demo['entrant_ids'][index]}/officials"


async def add_official(client: httpx.AsyncClient, demo: dict[str, Any], csrf: str, **fields: str) -> httpx.Response:
    data = {"_csrf": csrf, "nama": "Baiq Nurhasanah", "jabatan": "kaur_keuangan", "no_sk": "141/99/2024",
            "tanggal_sk": "2024-02-01", "email": "baiq.nurhasanah@desa.id", "telepon": "081911112222",
            "lms_user_id": "", "aktif": "ya", "nik": NIK, **fields}
    return await client.post(base(demo), data=data, follow_redirects=False)


async def official_id(name: str) -> int:
    row = await Official.select(Official.id).where(Official.name == name).first()
    assert row is not None
    return int(row["id"])


async def test_nik_is_encrypted_at_rest(client: httpx.AsyncClient, demo: dict[str, Any], settings: Settings) -> None:
    csrf = await login(client, "panitia")
    response = await add_official(client, demo, csrf)
    assert response.status_code == 303, response.text
    oid = await official_id("Baiq Nurhasanah")
    rows = await Official.raw("SELECT * FROM official WHERE id = {}", oid)
    raw = rows[0]
    assert NIK not in " ".join(str(v) for v in raw.values())
    vault = NikVault.from_settings(settings)
    assert raw["nik_hash"] == vault.digest(NIK)
    assert raw["nik_prefix"] == "5201"
    assert raw["nik_last4"] == "0007"
    assert vault.decrypt(raw["nik_encrypted"]) == NIK
    audit = await AuditLog.select(AuditLog.after).where(AuditLog.action == "official_create").output(load_json=True)
    assert NIK not in str(audit)
    assert MASKED in str(audit)


async def test_list_shows_the_mask_only(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "panitia")
    await add_official(client, demo, csrf)
    page = await client.get(base(demo))
    assert page.status_code == 200
    assert MASKED in page.text
    assert NIK not in page.text
    assert "Baiq Nurhasanah" in page.text
    assert "Kaur keuangan" in page.text
    # Every form carries the session's token (a macro imported without context would not see it).
    tokens = re.findall(r'name="_csrf" value="([^"]*)"', page.text)
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert meta is not None
    assert len(tokens) > 3
    assert set(tokens) == {meta.group(1)}


async def test_reveal_is_for_the_committee_and_logged(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "panitia")
    await add_official(client, demo, csrf)
    oid = await official_id("Baiq Nurhasanah")
    url = f"{base(demo)}/{oid}/nik"
    response = await client.post(url, data={"_csrf": csrf})
    assert response.status_code == 200
    assert NIK in response.text
    assert response.headers["cache-control"] == "no-store"
    logged = await AuditLog.select(AuditLog.user, AuditLog.entity_id, AuditLog.after).where(
        AuditLog.action == "reveal_nik"
    ).output(load_json=True)
    assert logged == [{"user": demo["panitia_id"], "entity_id": str(oid), "after": {"nik": MASKED}}]
    # Reloading the list shows the mask again: the NIK was shown once.
    assert NIK not in (await client.get(base(demo))).text

    await client.post("/logout", data={"_csrf": csrf})
    judge_csrf = await login(client, "juri1")
    denied = await client.post(url, data={"_csrf": judge_csrf})
    assert denied.status_code == 403
    assert NIK not in denied.text
    assert await AuditLog.count().where(AuditLog.action == "reveal_nik") == 1


async def test_form_problems_and_duplicates(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "panitia")
    bad = await add_official(client, demo, csrf, nik="5201011299850007", email="bukan-email")
    assert bad.status_code == 422
    assert "16 digit" not in bad.text  # the NIK has 16 digits; its month is what is wrong
    assert "bulan" in bad.text.lower()
    assert await Official.count().where(Official.name == "Baiq Nurhasanah") == 0
    assert (await add_official(client, demo, csrf)).status_code == 303
    again = await add_official(client, demo, csrf, nama="Orang Lain", email="lain@desa.id", telepon="")
    assert again.status_code == 422  # the same NIK
    assert "Baiq Nurhasanah" in again.text


async def test_edit_keeps_nik_and_deactivate(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "panitia")
    await add_official(client, demo, csrf)
    oid = await official_id("Baiq Nurhasanah")
    form = await client.get(f"{base(demo)}/{oid}/edit")
    assert MASKED in form.text
    assert NIK not in form.text
    saved = await client.post(f"{base(demo)}/{oid}", data={
        "_csrf": csrf, "nama": "Baiq Nurhasanah, S.E.", "jabatan": "kaur_keuangan", "email": "baiq.nurhasanah@desa.id",
        "telepon": "081911112222", "aktif": "ya", "nik": "",
    }, follow_redirects=False)
    assert saved.status_code == 303
    row = await Official.select().where(Official.id == oid).first()
    assert row["name"] == "Baiq Nurhasanah, S.E."
    assert row["nik_last4"] == "0007"
    off = await client.post(f"{base(demo)}/{oid}/active", data={"_csrf": csrf, "active": "0"}, follow_redirects=False)
    assert off.status_code == 303
    assert (await Official.select(Official.active).where(Official.id == oid).first())["active"] is False


def register_csv(*lines: str) -> bytes:
    return ("nama,jabatan,no_sk,tanggal_sk,email,telepon,lms_user_id,aktif,nik\n" + "\n".join(lines) + "\n").encode()


async def upload(client: httpx.AsyncClient, url: str, csrf: str, name: str, content: bytes,
                 **fields: str) -> httpx.Response:
    return await client.post(url, data={"_csrf": csrf, **fields}, files={"file": (name, content)},
                             follow_redirects=False)


async def test_import_with_one_bad_row_imports_nothing(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "panitia")
    before = await Official.count()
    content = register_csv(
        "Amaq Sahnan,Kepala Dusun,141/1/2024,01/02/2024,amaq@desa.id,081900000001,,ya,",
        "Inaq Rohani,Bendahara Umum,141/2/2024,01/02/2024,inaq@desa.id,081900000002,,ya,",
        "Lalu Rusdi,kasi_pelayanan,141/3/2024,2024-02-01,lalu.r@desa.id,081900000003,,ya,5201011203850001",
    )
    response = await upload(client, base(demo) + "/import", csrf, "perangkat.csv", content)
    assert response.status_code == 422
    assert re.search(r"Baris 3 · Jabatan: .*Bendahara Umum", response.text), response.text
    assert "Baris 2" not in response.text
    assert await Official.count() == before


async def test_import_duplicates_in_file_and_against_stored(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    csrf = await login(client, "panitia")
    stored = await Official.select(Official.email).where(Official.entrant == demo["entrant_ids"][1]).first()
    content = register_csv(
        "Amaq Sahnan,kadus,,,amaq@desa.id,,,ya,5201011203850001",
        "Inaq Rohani,staf,,,inaq@desa.id,,,ya,5201011203850001",
        f"Lalu Rusdi,staf,,,{stored['email']},,,ya,",
    )
    before = await Official.count()
    response = await upload(client, base(demo) + "/import", csrf, "perangkat.csv", content)
    assert response.status_code == 422
    assert re.search(r"Baris 3 · NIK: .*baris 2", response.text), response.text
    assert re.search(r"Baris 4 · E-mail: ", response.text), response.text
    assert await Official.count() == before


async def test_xlsx_import_works(client: httpx.AsyncClient, demo: dict[str, Any], settings: Settings) -> None:
    csrf = await login(client, "panitia")
    book = Workbook()
    sheet = book.active
    sheet.append(["Nama", "Jabatan", "Nomor SK", "Tanggal SK", "Email", "Telepon", "ID LMS", "Aktif", "NIK"])
    sheet.append(["Amaq Sahnan", "Kepala Dusun", "141/1/2024", "01/02/2024", "amaq@desa.id", "081900000001",
                  "lms-77", "ya", "5201011203850001"])
    sheet.append(["Inaq Rohani", "Staf", None, None, None, None, None, "tidak", None])
    buffer = io.BytesIO()
    book.save(buffer)
    response = await upload(client, base(demo, 2) + "/import", csrf, "perangkat.xlsx", buffer.getvalue())
    assert response.status_code == 303, response.text
    assert response.headers["location"].endswith("imported=2")
    amaq = await Official.select().where(Official.name == "Amaq Sahnan").first()
    assert amaq["entrant"] == demo["entrant_ids"][2]
    assert amaq["jabatan"] == "kepala_dusun"
    assert amaq["lms_user_id"] == "lms-77"
    assert amaq["nik_hash"] == NikVault.from_settings(settings).digest("5201011203850001")
    inaq = await Official.select().where(Official.name == "Inaq Rohani").first()
    assert inaq["active"] is False
    page = await client.get(base(demo, 2) + "?imported=2")
    assert "5201********0001" in page.text


async def test_register_pages_are_for_the_committee(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    await create_user("juri9", "demo-lombadesa", "juri", "Juri Sembilan")
    await login(client, "juri9")
    assert (await client.get(base(demo))).status_code == 403
    assert (await client.get(f"/competitions/{demo['competition_id']}/officials")).status_code == 403


async def test_entrant_of_another_competition_is_not_found(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    await login(client, "panitia")
    url = f"/competitions/{demo['competition_id'] + 1}/entrants/{demo['entrant_ids'][0]}/officials"
    assert (await client.get(url)).status_code == 404
