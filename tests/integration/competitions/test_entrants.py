"""Choosing the villages: the region and track checks, imports that are all or nothing, eligibility."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from app.audit.tables import AuditLog
from app.competitions.tables import Entrant
from tests.integration.competitions.steps import DOMPU_DESA, DOMPU_KELURAHAN, LOMBOK_BARAT_DESA, Committee

pytestmark = pytest.mark.usefixtures("demo")


async def _codes(comp_id: int) -> list[str]:
    rows = await Entrant.select(Entrant.region).where(Entrant.competition == comp_id).order_by(Entrant.region)
    return [r["region"] for r in rows]


async def test_search_by_kecamatan_and_name_then_tick_eight_villages(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    page = await client.get(c.url("/entrants"), params={"kecamatan": "52.05.02", "q": "kem"})
    assert page.status_code == 200
    assert "52.05.02.2001" in page.text
    assert "Kempo" in page.text
    assert "52.05.01.2007" not in page.text  # another kecamatan
    page = await client.get(c.url("/entrants"), params={"q": "52.05.01", "search": "1"})
    assert DOMPU_KELURAHAN not in page.text  # the desa track offers no kelurahan
    response = await c.add_villages(DOMPU_DESA)
    assert response.status_code == 303, response.text
    assert await _codes(c.comp_id) == sorted(DOMPU_DESA)
    listing = await client.get(c.url("/entrants"))
    assert listing.text.count("/remove") == 8
    log = await AuditLog.select().where((AuditLog.competition_id == c.comp_id) & (AuditLog.action == "add_entrants"))
    assert len(log) == 1


@pytest.mark.parametrize(
    ("bad_code", "message"),
    [
        (DOMPU_KELURAHAN, "adalah kelurahan; lomba ini untuk kategori desa"),
        (LOMBOK_BARAT_DESA, "berada di luar wilayah penyelenggara"),
        ("52.05.99.2001", "tidak ada dalam daftar resmi"),
    ],
)
async def test_a_wrong_village_refuses_the_whole_add(client: Any, bad_code: str, message: str) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    response = await c.post(c.url("/entrants"), [("code", DOMPU_DESA[0]), ("codes", bad_code)])
    assert response.status_code == 422
    assert 'id="codes-error"' in response.text
    assert message in response.text
    assert await _codes(c.comp_id) == []


async def test_csv_import_adds_every_listed_village(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    csv_text = "kode;nama\n" + "\n".join(f"{code};x" for code in DOMPU_DESA[:4]) + "\n"
    response = await c.post(c.url("/entrants/import"), files={"file": ("desa.csv", csv_text.encode(), "text/csv")})
    assert response.status_code == 303, response.text
    assert await _codes(c.comp_id) == sorted(DOMPU_DESA[:4])


async def test_xlsx_with_one_bad_row_imports_nothing_and_names_the_line(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    book = Workbook()
    sheet = book.active
    sheet.append(["Nama desa", "Kode"])
    for code in DOMPU_DESA[:5]:
        sheet.append(["desa", code])
    sheet.append(["kelurahan", DOMPU_KELURAHAN])  # line 7
    buffer = io.BytesIO()
    book.save(buffer)
    response = await c.post(c.url("/entrants/import"), files={
        "file": ("desa.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")})
    assert response.status_code == 422
    assert "baris 7" in response.text
    assert "baris 2" not in response.text
    assert 'id="file-error"' in response.text
    assert await _codes(c.comp_id) == []


async def test_a_file_that_is_not_a_table_is_refused(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    response = await c.post(c.url("/entrants/import"), files={"file": ("desa.pdf", b"%PDF-1.4", "application/pdf")})
    assert response.status_code == 422
    assert "Unggah berkas CSV atau XLSX" in response.text


async def test_eligibility_checklist_and_notes(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    await c.add_villages(DOMPU_DESA[:1])
    await c.preset()
    entrant = await Entrant.select(Entrant.id).where(Entrant.competition == c.comp_id).first()
    page = await client.get(c.url(f"/entrants/{entrant['id']}"))
    assert "RKPDes 2 tahun terakhir" in page.text
    response = await c.post(c.url(f"/entrants/{entrant['id']}"), [("check", "ELG.1"), ("check", "ELG.3"),
                                                                   ("notes", "Video menyusul")])
    assert response.status_code == 303
    row = await Entrant.select().where(Entrant.id == entrant["id"]).output(load_json=True).first()
    assert row["eligibility"] == {"ELG.1": True, "ELG.2": False, "ELG.3": True, "ELG.4": False, "ELG.5": False}
    assert row["eligibility_notes"] == "Video menyusul"
