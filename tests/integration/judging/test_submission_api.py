"""The submission API's rules (ODK Central style), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from app.audit.tables import AuditLog
from app.competitions.tables import Assignment, Competition, Conflict, Stage
from app.judging import services
from app.judging.tables import Submission
from tests.conftest import login
from tests.integration.judging.conftest import body, count_rows, versions


async def _unlock(demo: dict[str, Any], entrant: int, judge: str, reason: str = "Salah ketik nilai") -> None:
    sheet = await services.load_sheet(demo["judge_ids"][judge], entrant, "KLAR")
    await services.unlock(sheet, reason, demo["panitia_id"])


async def test_first_submission_is_201_and_locks_the_sheet(api_for: Any, demo: dict[str, Any]) -> None:
    api = await api_for("juri1")
    entrant = demo["entrant_ids"][0]
    codes = await api.codes(entrant)
    assert len(codes) == 17
    response = await api.submit(entrant, body(codes, "3"))
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["version"] == 1
    assert data["replaces_version"] is None
    assert data["receipt_url"] == f"/sheets/{entrant}/KLAR/receipt/1"
    sheet = (await api.sheet(entrant)).json()
    assert sheet["current_version"] == 1
    assert sheet["locked"] is True
    assert sheet["current"]["values"] == dict.fromkeys(codes, "3")
    row = await Submission.select().where(Submission.entrant == entrant).first()
    assert row["device_time"] is not None
    assert row["submitted_by"] == demo["judge_ids"]["juri1"]
    assert await AuditLog.count().where(AuditLog.action == "submit") == 1


async def test_same_uuid_same_content_is_a_safe_retry(api_for: Any, demo: dict[str, Any]) -> None:
    api = await api_for("juri1")
    entrant = demo["entrant_ids"][1]
    codes = await api.codes(entrant)
    first = body(codes, "2")
    assert (await api.submit(entrant, first)).status_code == 201
    # The same content written differently (a number, a decimal comma) is the same content.
    again = {**first, "values": dict.fromkeys(codes, 2), "device_time": "2026-11-28T10:00:00+08:00"}
    again["values"][codes[0]] = "2,0"
    retry = await api.submit(entrant, again)
    assert retry.status_code == 200, retry.text
    assert retry.json()["version"] == 1
    assert retry.json()["created"] is False
    assert len(await versions(entrant)) == 1


async def test_same_uuid_other_content_is_409(api_for: Any, demo: dict[str, Any]) -> None:
    api = await api_for("juri1")
    entrant = demo["entrant_ids"][2]
    codes = await api.codes(entrant)
    first = body(codes, "2")
    assert (await api.submit(entrant, first)).status_code == 201
    await _unlock(demo, entrant, "juri1")
    changed = {**first, "base_version": 1, "values": dict.fromkeys(codes, "4")}
    response = await api.submit(entrant, changed)
    assert response.status_code == 409
    assert len(await versions(entrant)) == 1


async def test_edits_name_their_base_and_stale_bases_are_409(api_for: Any, demo: dict[str, Any]) -> None:
    api = await api_for("juri1")
    entrant = demo["entrant_ids"][3]
    codes = await api.codes(entrant)
    assert (await api.submit(entrant, body(codes, "1"))).status_code == 201
    # Locked: even a correct base is refused until the committee unlocks.
    locked = await api.submit(entrant, body(codes, "2", base=1))
    assert locked.status_code == 423
    assert locked.json()["current_version"] == 1
    await _unlock(demo, entrant, "juri1")
    second = await api.submit(entrant, body(codes, "2", base=1))
    assert second.status_code == 201
    assert second.json()["version"] == 2
    assert second.json()["replaces_version"] == 1
    await _unlock(demo, entrant, "juri1", "Klarifikasi ulang")
    for stale_base in (None, 1):
        stale = await api.submit(entrant, body(codes, "4", base=stale_base))
        assert stale.status_code == 409, stale.text
        assert stale.json()["current_version"] == 2
    assert [v["version"] for v in await versions(entrant)] == [1, 2]
    # A first submission naming a version that does not exist is stale too.
    other = demo["entrant_ids"][4]
    response = await api.submit(other, body(codes, "1", base=3))
    assert response.status_code == 409
    assert response.json()["current_version"] is None
    assert await versions(other) == []


async def test_closed_competition_is_423(api_for: Any, demo: dict[str, Any]) -> None:
    api = await api_for("juri1")
    entrant = demo["entrant_ids"][0]
    codes = await api.codes(entrant)
    for status in ("draft", "final"):
        await Competition.update({Competition.status: status}).where(Competition.id == demo["competition_id"])
        response = await api.submit(entrant, body(codes))
        assert response.status_code == 423
        assert response.json()["detail"]
    assert await count_rows() == (0, 0)


async def test_not_my_assignment_is_403_and_unknown_sheet_404(api_for: Any, demo: dict[str, Any]) -> None:
    api = await api_for("juri1")
    entrant = demo["entrant_ids"][0]
    codes = await api.codes(entrant)
    # Judges are on the PAP panel but not assigned to PAP.
    assert (await api.submit(entrant, body(["PAP.1"]), stage="PAP")).status_code == 403
    await Assignment.delete().where(
        (Assignment.entrant == demo["entrant_ids"][5]) & (Assignment.judge == demo["judge_ids"]["juri1"])
    )
    assert (await api.submit(demo["entrant_ids"][5], body(codes))).status_code == 403
    assert (await api.sheet(demo["entrant_ids"][5])).status_code == 403
    # A declared conflict of interest closes the sheet too.
    await Conflict.insert(Conflict(entrant=demo["entrant_ids"][6], judge=demo["judge_ids"]["juri1"],
                                   reason="Keluarga", declared_at=demo_time()))
    assert (await api.submit(demo["entrant_ids"][6], body(codes))).status_code == 403
    assert (await api.submit(999999, body(codes))).status_code == 404
    assert (await api.submit(entrant, body(codes), stage="NOPE")).status_code == 404
    assert await count_rows() == (0, 0)


def demo_time() -> Any:
    from app.clock import now

    return now()


async def test_committee_cannot_use_the_judge_api(api_for: Any, demo: dict[str, Any]) -> None:
    panitia = await api_for("panitia")
    response = await panitia.submit(demo["entrant_ids"][0], body(["PEM.1.2"]))
    assert response.status_code == 403


async def test_bad_values_are_422_listing_each_problem(api_for: Any, demo: dict[str, Any]) -> None:
    api = await api_for("juri1")
    entrant = demo["entrant_ids"][0]
    codes = await api.codes(entrant)
    values: dict[str, object] = dict.fromkeys(codes, "3")
    del values[codes[0]]
    values[codes[1]] = "5"
    values[codes[2]] = "2,5"
    values[codes[3]] = "abc"
    values[codes[4]] = -1
    values[codes[5]] = True
    values["PEM.1.1"] = "3"  # an ADM indicator: not on the KLAR sheet
    response = await api.submit(entrant, body(codes, values=values))
    assert response.status_code == 422, response.text
    problems = {(e["indicator"], e["problem"]) for e in response.json()["errors"]}
    assert problems == {
        (codes[0], "missing"), (codes[1], "out_of_range"), (codes[2], "off_step"), (codes[3], "not_a_number"),
        (codes[4], "out_of_range"), (codes[5], "not_a_number"), ("PEM.1.1", "unknown_indicator"),
    }
    assert all(e["message"] for e in response.json()["errors"])
    envelope = await api.submit(entrant, {"client_uuid": "nope", "base_version": "x", "values": []})
    assert envelope.status_code == 422
    assert {e["field"] for e in envelope.json()["errors"]} == {"client_uuid", "base_version", "values"}
    assert await count_rows() == (0, 0)


async def test_twenty_concurrent_retries_leave_one_version(api_for: Any, demo: dict[str, Any]) -> None:
    api = await api_for("juri2")
    entrant = demo["entrant_ids"][7]
    codes = await api.codes(entrant)
    payload = body(codes, "4")
    responses = await asyncio.gather(*[api.submit(entrant, payload) for _ in range(20)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 19 + [201], [r.text for r in responses if r.status_code not in (200, 201)]
    assert {r.json()["version"] for r in responses} == {1}
    assert len(await versions(entrant)) == 1
    assert await AuditLog.count().where(AuditLog.action == "submit") == 1


async def test_concurrent_edits_from_one_base_leave_one_201_and_one_409(
    api_for: Any, demo: dict[str, Any]
) -> None:
    api = await api_for("juri3")
    entrant = demo["entrant_ids"][8]
    codes = await api.codes(entrant)
    a, b = body(codes, "1"), body(codes, "2")
    responses = await asyncio.gather(api.submit(entrant, a), api.submit(entrant, b))
    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    conflict = next(r for r in responses if r.status_code == 409)
    assert conflict.json()["current_version"] == 1
    assert len(await versions(entrant)) == 1


async def test_indicator_groups_limit_the_sheet(api_for: Any, demo: dict[str, Any]) -> None:
    juri4 = demo["judge_ids"]["juri4"]
    entrant = demo["entrant_ids"][0]
    await Assignment.update({Assignment.indicator_groups: ["PEM", "WIL.3"]}).where(
        (Assignment.judge == juri4) & (Assignment.entrant == entrant)
    )
    api = await api_for("juri4")
    codes = await api.codes(entrant)
    assert codes
    assert all(c.startswith(("PEM.", "WIL.3.")) for c in codes)
    assert any(c.startswith("WIL.3.") for c in codes)
    assert (await api.submit(entrant, body(codes))).status_code == 201


async def test_session_requests_need_the_csrf_header(client: Any, demo: dict[str, Any]) -> None:
    token = await login(client, "juri5")
    entrant = demo["entrant_ids"][9]
    sheet = await client.get(f"/api/v1/sheets/{entrant}/KLAR")
    codes = [i["code"] for i in sheet.json()["indicators"]]
    url = f"/api/v1/sheets/{entrant}/KLAR/submissions"
    assert (await client.post(url, json=body(codes))).status_code == 403
    response = await client.post(url, json=body(codes), headers={"X-CSRF-Token": token})
    assert response.status_code == 201


async def test_rankings_read_the_latest_active_version(api_for: Any, demo: dict[str, Any]) -> None:
    api = await api_for("juri1")
    entrant = demo["entrant_ids"][0]
    codes = await api.codes(entrant)
    await api.submit(entrant, body(codes, "1"))
    await _unlock(demo, entrant, "juri1")
    await api.submit(entrant, body(codes, "4", base=1))
    current = await services.current_submissions(demo["competition_id"])
    row = current[(entrant, "KLAR", demo["judge_ids"]["juri1"])]
    assert row["version"] == 2
    assert set(row["values"].values()) == {"4"}
    stage = await Stage.select(Stage.id).where(Stage.code == "KLAR").first()
    assert stage is not None
    assert str(uuid.UUID(str(row["client_uuid"])))
