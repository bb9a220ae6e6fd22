"""The criteria: preset, edits checked field by field, files in and out, the freeze and new versions."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from app.audit.tables import AuditLog
from app.competitions import catalogue, repo
from app.competitions.tables import Competition, CriteriaVersion, Indicator
from tests.integration.competitions.steps import Committee, ready_round, submit_sheet

pytestmark = pytest.mark.usefixtures("demo")


async def _indicator(comp_id: int, code: str) -> dict[str, Any]:
    version_id = await repo.current_version_id(comp_id)
    return await Indicator.select().where((Indicator.version == version_id) & (Indicator.code == code)).first()


async def test_preset_then_two_edits_are_saved_and_audited(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    page = await client.get(c.url("/criteria"))
    assert "Gunakan katalog bawaan" in page.text
    assert (await c.preset()).status_code == 303
    page = await client.get(c.url("/criteria"))
    assert page.text.count('id="indicator-') == 32
    form = await c.indicator_form("PEM.1.1")
    assert form["max"] == "4"
    assert form["stage"] == "ADM"
    assert form["aspect"] == "PEM.1"
    assert form["rubric_4"] == "Sangat baik"
    form["weight"] = "5"
    form["rubric_4"] = "Lengkap dan tepat waktu"
    assert (await c.post(c.url("/criteria/indicator/PEM.1.1"), form)).status_code == 303
    form = await c.indicator_form("MAS.6.1")
    form["name"] = "Posyandu aktif dan penurunan stunting"
    form["stage"] = "ADM"
    assert (await c.post(c.url("/criteria/indicator/MAS.6.1"), form)).status_code == 303
    pem = await _indicator(c.comp_id, "PEM.1.1")
    assert pem["weight"] == 5
    rubric = pem["rubric"] if isinstance(pem["rubric"], dict) else json.loads(pem["rubric"])
    assert rubric["4"] == "Lengkap dan tepat waktu"
    mas = await _indicator(c.comp_id, "MAS.6.1")
    assert (mas["name"], mas["stage_code"]) == ("Posyandu aktif dan penurunan stunting", "ADM")
    log = await AuditLog.select().where(
        (AuditLog.competition_id == c.comp_id) & (AuditLog.action == "save_indicator")).output(load_json=True)
    assert len(log) == 2
    assert log[0]["before"]["indicator:PEM.1.1"]["weight"] == 3
    assert log[0]["after"]["indicator:PEM.1.1"]["weight"] == "5"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("step", "3", "Langkah nilai harus membagi skala"),
        ("weight", "0", "Harus lebih besar dari 0"),
        ("max", "empat", "Isikan angka"),
    ],
)
async def test_a_wrong_indicator_is_refused_beside_the_field(client: Any, field: str, value: str,
                                                              message: str) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    await c.preset()
    form = await c.indicator_form("PEM.2.3")
    form[field] = value
    response = await c.post(c.url("/criteria/indicator/PEM.2.3"), form)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    row = await _indicator(c.comp_id, "PEM.2.3")
    assert (row["max_value"], row["step"], row["weight"]) == (4, 1, 2)


async def test_domain_weight_zero_and_duplicate_code_are_refused(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    await c.preset()
    response = await c.post(c.url("/criteria/domain/WIL"), {"code": "WIL", "name": "Bidang Kewilayahan",
                                                            "weight": "0"})
    assert response.status_code == 422
    assert 'id="weight-error"' in response.text
    response = await c.post(c.url("/criteria/aspect/new"), {"code": "PEM.1", "name": "Lagi", "domain": "PEM"})
    assert response.status_code == 422
    assert "Kode ini sudah dipakai" in response.text


async def test_add_move_and_delete_items(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    await c.preset()
    response = await c.post(c.url("/criteria/indicator/new"), {
        "code": "PEM.1.5", "name": "Arsip desa tertata", "aspect": "PEM.1", "max": "2", "step": "0,5",
        "weight": "1", "stage": "KLAR", "kind": "judge"})
    assert response.status_code == 303, response.text
    assert (await _indicator(c.comp_id, "PEM.1.5"))["step"] == 0.5
    await c.post(c.url("/criteria/indicator/PEM.1.5/move"), {"direction": "up"})
    doc = await catalogue.document(c.comp_id, await repo.current_version_id(c.comp_id))
    codes = [i["code"] for i in doc["catalogue"]["domains"][0]["aspects"][0]["indicators"]]
    assert codes == ["PEM.1.1", "PEM.1.2", "PEM.1.3", "PEM.1.5", "PEM.1.4"]
    assert (await c.post(c.url("/criteria/indicator/PEM.1.5/delete"))).status_code == 303
    assert await _indicator(c.comp_id, "PEM.1.5") is None


async def test_yaml_and_xlsx_export_import_round_trip(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    await c.preset()
    form = await c.indicator_form("WIL.3.1")
    form["weight"] = "6"
    await c.post(c.url("/criteria/indicator/WIL.3.1"), form)
    source = await catalogue.document(c.comp_id, await repo.current_version_id(c.comp_id))
    exported_yaml = (await client.get(c.url("/criteria/export.yaml"))).content
    exported_xlsx = (await client.get(c.url("/criteria/export.xlsx"))).content
    assert yaml.safe_load(exported_yaml)["catalogue"]["domains"][1]["aspects"][2]["indicators"][0]["weight"] == 6
    for name, data in (("kriteria.yaml", exported_yaml), ("kriteria.xlsx", exported_xlsx)):
        other = Committee(client, c.token)
        await other.create_dompu()
        response = await other.post(other.url("/criteria/import"),
                                    files={"file": (name, data, "application/octet-stream")})
        assert response.status_code == 303, response.text
        copy = await catalogue.document(other.comp_id, await repo.current_version_id(other.comp_id))
        assert copy["catalogue"]["domains"] == source["catalogue"]["domains"], name
        assert copy["catalogue"]["presentation"] == source["catalogue"]["presentation"], name
        assert copy["catalogue"]["eligibility"] == source["catalogue"]["eligibility"], name


async def test_xlsx_with_a_bad_row_imports_nothing(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    await c.preset()
    data = (await client.get(c.url("/criteria/export.xlsx"))).content
    book = load_workbook(io.BytesIO(data))
    sheet = book["indikator"]
    sheet["E4"] = 3  # step 3 on a 0-4 scale, on line 4
    buffer = io.BytesIO()
    book.save(buffer)
    other = Committee(client, c.token)
    await other.create_dompu()
    response = await other.post(other.url("/criteria/import"), files={"file": ("k.xlsx", buffer.getvalue(), "x")})
    assert response.status_code == 422
    assert "indikator:4 · step" in response.text
    assert await CriteriaVersion.count().where(CriteriaVersion.competition == other.comp_id) == 0


async def test_after_scoring_opens_a_scored_indicator_cannot_change(client: Any) -> None:
    c = await Committee.login(client)
    await ready_round(c)
    assert (await c.post(c.url("/status"), {"status": "penilaian"})).status_code == 303
    version = await CriteriaVersion.select().where(CriteriaVersion.competition == c.comp_id).first()
    assert version["frozen"] is True
    form = await c.indicator_form("PEM.1.1")
    form["weight"] = "9"
    response = await c.post(c.url("/criteria/indicator/PEM.1.1"), form)
    assert response.status_code == 409
    assert "Kriteria dibekukan karena penilaian sudah dibuka" in response.text
    await submit_sheet(c.comp_id, "ADM", "juri1", {"PEM.1.1": 3})
    response = await c.post(c.url("/criteria/version"), {"note": ""})
    assert response.status_code == 422
    response = await c.post(c.url("/criteria/version"), {"note": "Salah ketik pada rubrik"})
    assert response.status_code == 303
    assert (await Competition.select(Competition.criteria_version).where(Competition.id == c.comp_id).first())[
        "criteria_version"] == 2
    response = await c.post(c.url("/criteria/indicator/PEM.1.1"), form)
    assert response.status_code == 409
    assert "sudah ada nilai untuk PEM.1.1" in response.text
    assert (await _indicator(c.comp_id, "PEM.1.1"))["weight"] == 3
    response = await c.post(c.url("/criteria/domain/PEM"), {"code": "PEM", "name": "Bidang Pemerintahan",
                                                            "weight": "50"})
    assert response.status_code == 409  # a domain weight changes every indicator under it, PEM.1.1 included
    form = await c.indicator_form("PEM.1.3")
    form["rubric_0"] = "Tidak diisi"
    assert (await c.post(c.url("/criteria/indicator/PEM.1.3"), form)).status_code == 303
    assert (await c.post(c.url("/criteria/freeze"))).status_code == 303
    assert (await c.post(c.url("/criteria/indicator/PEM.1.3"), form)).status_code == 409
