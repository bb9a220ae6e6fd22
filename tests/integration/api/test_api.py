"""The read-only JSON API with personal tokens, the health check and the schema."""

from __future__ import annotations

from typing import Any

import pytest

from app.auth.services import create_token


@pytest.fixture
async def token(demo: dict[str, Any]) -> str:
    return await create_token("panitia", "test")


async def test_competitions_lists_the_demo_with_a_token(client: Any, token: str) -> None:
    response = await client.get("/api/v1/competitions", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    [comp] = response.json()["competitions"]
    assert comp["name"] == "Lomba Desa Tingkat Kabupaten Lombok Barat Tahun 2026"
    assert comp["organiser_region"] == {"code": "52.01", "name": "Kabupaten Lombok Barat"}
    assert comp["entrant_count"] == 10


async def test_competition_detail_counts(client: Any, token: str, demo: dict[str, Any]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    data = (await client.get(f"/api/v1/competitions/{demo['competition_id']}", headers=headers)).json()
    assert [(s["code"], s["weight"], s["top_n"]) for s in data["stages"]] == [
        ("ADM", "40", None), ("KLAR", "45", None), ("PAP", "15", 3)
    ]
    assert [d["code"] for d in data["domains"]] == ["PEM", "WIL", "MAS"]
    assert data["entrant_count"] == 10
    assert data["domain_indicator_count"] == 28
    assert data["presentation_indicator_count"] == 4
    assert data["indicator_count"] == 32


async def test_entrants_have_code_name_kecamatan(client: Any, token: str, demo: dict[str, Any]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    data = (await client.get(f"/api/v1/competitions/{demo['competition_id']}/entrants", headers=headers)).json()
    entrants = data["entrants"]
    assert len(entrants) == 10
    assert len({e["kecamatan"] for e in entrants}) == 10
    gerung = next(e for e in entrants if e["kecamatan"] == "Gerung")
    assert gerung["code"] == "52.01.01.2002"
    assert gerung["name"] == "Kebon Ayu"


async def test_api_without_credentials_is_401_json(client: Any, demo: dict[str, Any]) -> None:
    response = await client.get("/api/v1/competitions")
    assert response.status_code == 401
    assert response.json()["status_code"] == 401


async def test_api_with_a_wrong_token_is_401(client: Any, demo: dict[str, Any]) -> None:
    response = await client.get("/api/v1/competitions", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


async def test_unknown_competition_is_404_json(client: Any, token: str) -> None:
    response = await client.get("/api/v1/competitions/9999", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404


async def test_judge_outside_the_panel_sees_nothing(client: Any, demo: dict[str, Any]) -> None:
    from app.auth.services import create_user

    await create_user("juri9", "rahasia-juri9", "juri", "Juri Sembilan")
    token = await create_token("juri9")
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/competitions", headers=headers)).json() == {"competitions": []}
    response = await client.get(f"/api/v1/competitions/{demo['competition_id']}", headers=headers)
    assert response.status_code == 404


async def test_healthz_ok(client: Any) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_openapi_schema_is_served(client: Any) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/competitions" in response.json()["paths"]


async def test_unknown_page_gets_the_indonesian_404(client: Any) -> None:
    response = await client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text


async def test_audit_log_records_logins(client: Any, demo: dict[str, Any]) -> None:
    from app.audit.tables import AuditLog
    from tests.conftest import login

    await login(client, "panitia")
    rows = await AuditLog.select().where(AuditLog.action == "login")
    assert len(rows) == 1
    assert rows[0]["user"] == demo["panitia_id"]
