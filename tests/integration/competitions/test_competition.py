"""Creating and editing a competition, its stages and scoring options, and moving its status."""

from __future__ import annotations

from typing import Any

import pytest

from app.audit.tables import AuditLog
from app.competitions.tables import Competition, Stage
from tests.integration.competitions.steps import Committee

pytestmark = pytest.mark.usefixtures("demo")


async def test_committee_creates_the_dompu_round_from_the_menu(client: Any) -> None:
    c = await Committee.login(client)
    home = await client.get("/")
    assert 'href="/competitions"' in home.text
    listing = await client.get("/competitions")
    assert 'href="/competitions/new"' in listing.text
    comp_id = await c.create_dompu()
    comp = await Competition.select().where(Competition.id == comp_id).first()
    assert comp["organiser_region"] == "52.05"
    assert comp["status"] == "draft"
    assert [s["code"] for s in await Stage.select().where(Stage.competition == comp_id).order_by(Stage.position)] == [
        "ADM", "KLAR", "PAP"]
    page = await client.get(c.url() + "?ok=created")
    assert "Kabupaten Dompu" in page.text
    assert "Desa peserta" in page.text or "Desa" in page.text
    log = await AuditLog.select().where(AuditLog.competition_id == comp_id)
    assert [e["action"] for e in log] == ["create_competition"]


async def test_unknown_region_and_wrong_level_are_refused_at_the_field(client: Any) -> None:
    c = await Committee.login(client)
    before = await Competition.count()
    response = await c.post("/competitions/new", {"name": "X", "year": "2026", "level": "kabupaten",
                                                  "track": "desa", "organiser_region": "Atlantis"})
    assert response.status_code == 422
    assert 'id="organiser_region-error"' in response.text
    response = await c.post("/competitions/new", {"name": "X", "year": "2026", "level": "kabupaten",
                                                  "track": "desa", "organiser_region": "52.05.01"})
    assert response.status_code == 422
    assert "kabupaten" in response.text
    assert await Competition.count() == before


async def test_stage_weight_zero_is_refused_and_nothing_is_saved(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    stages = {
        "stage-1-code": "ADM", "stage-1-name": "Penilaian Administrasi", "stage-1-weight": "0", "stage-1-order": "1",
        "stage-2-code": "KLAR", "stage-2-name": "Klarifikasi Lapangan", "stage-2-weight": "60",
        "stage-2-order": "2",
        "stage-3-code": "PAP", "stage-3-name": "Pemaparan", "stage-3-weight": "15", "stage-3-order": "3",
        "stage-3-top_n": "3",
    }
    response = await c.post(c.url("/stages"), stages)
    assert response.status_code == 422
    assert 'id="stage-1-weight-error"' in response.text
    assert "Harus lebih besar dari 0" in response.text
    weights = {s["code"]: s["weight"] for s in await Stage.select().where(Stage.competition == c.comp_id)}
    assert weights["KLAR"] == 45  # the valid row was not saved either
    stages["stage-1-weight"] = "40"
    stages["stage-4-code"], stages["stage-4-name"], stages["stage-4-weight"] = "VER", "Verifikasi", "5"
    response = await c.post(c.url("/stages"), stages)
    assert response.status_code == 303, response.text
    rows = await Stage.select().where(Stage.competition == c.comp_id).order_by(Stage.position)
    assert [(s["code"], int(s["weight"]), s["top_n"]) for s in rows] == [
        ("ADM", 40, None), ("KLAR", 60, None), ("PAP", 15, 3), ("VER", 5, None)]


async def test_identity_edit_with_logo_and_a_wrong_logo(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    form = {"name": "Lomba Desa Dompu 2026", "year": "2026", "level": "kabupaten", "track": "desa",
            "organiser_region": "52.05", "place": "Dompu", "letterhead_instansi": "DINAS PMD", "paper": "A4"}
    response = await c.post(c.url("/edit"), form, files={"logo": ("logo.gif", b"GIF89a....", "image/gif")})
    assert response.status_code == 422
    assert 'id="logo-error"' in response.text
    assert (await Competition.select(Competition.name).where(Competition.id == c.comp_id).first())["name"] != form[
        "name"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = await c.post(c.url("/edit"), form, files={"logo": ("logo.png", png, "image/png")})
    assert response.status_code == 303, response.text
    logo = await client.get(c.url("/logo"))
    assert logo.content == png
    assert logo.headers["content-type"] == "image/png"


async def test_rules_with_an_unknown_tie_break_are_refused(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    response = await c.post(c.url("/rules"), {"aggregation": "median", "tie_breaks": "stage:KLAR\ndomain:XYZ",
                                              "awards": "Juara I\nJuara II", "divergence_tolerance": "1,5"})
    assert response.status_code == 422
    assert 'id="tie_breaks-error"' in response.text
    response = await c.post(c.url("/rules"), {"aggregation": "median", "tie_breaks": "stage:KLAR",
                                              "awards": "Juara I\nJuara II", "divergence_tolerance": "1,5"})
    assert response.status_code == 303
    rules = (await Competition.select(Competition.rules).where(Competition.id == c.comp_id).output(
        load_json=True).first())["rules"]
    assert rules["aggregation"] == "median"
    assert rules["tie_breaks"] == ["stage:KLAR"]
    assert rules["divergence_tolerance"] == 1.5


async def test_scoring_cannot_open_before_the_round_is_ready(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    response = await c.post(c.url("/status"), {"status": "penilaian"})
    assert response.status_code == 409
    assert "Penilaian belum dapat dibuka" in response.text
    assert (await Competition.select(Competition.status).where(Competition.id == c.comp_id).first())[
        "status"] == "draft"
    response = await c.post(c.url("/status"), {"status": "final"})
    assert response.status_code == 409
