"""A judge declares a conflict of interest with an assigned village: recorded, audited, assignments gone."""

from __future__ import annotations

from typing import Any

from app.audit.tables import AuditLog
from app.auth.tables import User
from app.competitions.tables import Assignment, Conflict
from tests.conftest import login
from tests.factories import submit_sheet


async def _juri1() -> int:
    row = await User.select(User.id).where(User.username == "juri1").first()
    assert row is not None
    return int(row["id"])


async def test_judge_declares_a_conflict(client: Any, demo: dict[str, Any]) -> None:
    entrant = demo["entrant_ids"][0]
    token = await login(client, "juri1")
    page = await client.get(f"/sheets/{entrant}/conflict")
    assert page.status_code == 200
    assert "Nyatakan konflik kepentingan" in page.text
    response = await client.post(f"/sheets/{entrant}/conflict",
                                 data={"_csrf": token, "reason": "Kepala desa adalah kakak ipar saya"},
                                 follow_redirects=False)
    assert response.status_code == 303
    judge = await _juri1()
    [conflict] = await Conflict.select().where(Conflict.judge == judge)
    assert conflict["entrant"] == entrant
    assert conflict["reason"] == "Kepala desa adalah kakak ipar saya"
    assert not await Assignment.exists().where((Assignment.judge == judge) & (Assignment.entrant == entrant))
    assert await AuditLog.exists().where(AuditLog.action == "declare_conflict")


async def test_reason_is_required_and_nothing_changes(client: Any, demo: dict[str, Any]) -> None:
    entrant = demo["entrant_ids"][1]
    token = await login(client, "juri1")
    response = await client.post(f"/sheets/{entrant}/conflict", data={"_csrf": token, "reason": "  "})
    assert response.status_code == 422
    assert "Tuliskan alasan konflik kepentingan." in response.text
    assert await Conflict.count() == 0
    assert await Assignment.count().where(Assignment.entrant == entrant) == 10


async def test_not_for_a_village_already_scored(client: Any, demo: dict[str, Any]) -> None:
    entrant = demo["entrant_ids"][2]
    await submit_sheet(entrant, "ADM", "juri1", {})
    token = await login(client, "juri1")
    response = await client.post(f"/sheets/{entrant}/conflict", data={"_csrf": token, "reason": "Saudara"})
    assert response.status_code == 409
    assert await Conflict.count() == 0


async def test_only_for_my_own_villages(client: Any, demo: dict[str, Any]) -> None:
    from app.auth.services import create_user

    await create_user("juri9", "kata-sandi-juri9", "juri", "Juri Sembilan")
    token = await login(client, "juri9", "kata-sandi-juri9")
    entrant = demo["entrant_ids"][0]
    assert (await client.get(f"/sheets/{entrant}/conflict")).status_code == 403
    response = await client.post(f"/sheets/{entrant}/conflict", data={"_csrf": token, "reason": "x"})
    assert response.status_code == 403
    assert await Conflict.count() == 0


async def test_committee_cannot_use_the_judge_form(client: Any, demo: dict[str, Any]) -> None:
    await login(client, "panitia")
    assert (await client.get(f"/sheets/{demo['entrant_ids'][0]}/conflict")).status_code == 403
