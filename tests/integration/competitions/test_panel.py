"""The panel and assignments: judge accounts with NIP, ketua per stage, bulk and single assignments,
conflicts of interest and home regions, and the audit trail of all of it."""

from __future__ import annotations

from typing import Any

import pytest

from app.audit.tables import AuditLog
from app.auth.tables import User
from app.competitions.tables import Assignment, Conflict, Entrant, PanelMember
from tests.integration.competitions.steps import DOMPU_DESA, Committee, judge_id, ready_round

pytestmark = pytest.mark.usefixtures("demo")


async def test_an_nip_of_17_digits_is_refused_and_no_account_is_made(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    response = await c.create_judge("juri.bappeda", "19750322200003200")
    assert response.status_code == 422
    assert 'id="nip-error"' in response.text
    assert "NIP terdiri dari 18 angka (sekarang 17)" in response.text
    assert not await User.exists().where(User.username == "juri.bappeda")
    response = await c.create_judge("juri.bappeda", "19751322 200003 2 004")
    assert response.status_code == 422
    assert "tanggal ini tidak ada" in response.text


async def test_a_judge_is_created_with_or_without_a_password(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    response = await c.create_judge("juri.bappeda", "19750322 200003 2 004", full_name="Ir. Nurhayati, M.T.")
    assert response.status_code == 303, response.text
    user = await User.select().where(User.username == "juri.bappeda").first()
    assert (user["role"], user["nip"], user["full_name"]) == ("juri", "197503222000032004", "Ir. Nurhayati, M.T.")
    response = await c.post(c.url("/panel/judges"), {"username": "juri.dinkes", "full_name": "dr. Ahmad",
                                                     "nip": "", "password": ""})
    assert response.status_code == 200
    assert "kata sandi hanya ditampilkan sekali" in response.text
    assert '<code class="secret">' in response.text


async def test_one_ketua_per_stage(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    adm = (await c.stage_ids())["ADM"]
    ok = await c.post(c.url("/panel/members"), {"stage": adm, "judge": await judge_id("juri1"), "role": "ketua"})
    assert ok.status_code == 303
    second = await c.post(c.url("/panel/members"), {"stage": adm, "judge": await judge_id("juri2"), "role": "ketua"})
    assert second.status_code == 422
    assert "Tahap ini sudah memiliki ketua" in second.text
    assert await PanelMember.count().where(PanelMember.stage == adm) == 1


async def test_bulk_assignment_skips_conflicts_and_home_areas(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    await c.add_villages(DOMPU_DESA)
    await c.preset()
    stages = await c.stage_ids()
    juri2, juri3 = await judge_id("juri2"), await judge_id("juri3")
    await User.update({User.home_region_code: "52.05.02"}).where(User.id == juri3)  # lives in Kecamatan Kempo
    for username in ("juri1", "juri2", "juri3"):
        await c.post(c.url("/panel/members"), {"stage": stages["ADM"], "judge": await judge_id(username),
                                               "role": "anggota"})
    kempo = await Entrant.select(Entrant.id).where((Entrant.competition == c.comp_id)
                                                  & (Entrant.region == "52.05.02.2001")).first()
    oo = await Entrant.select(Entrant.id).where((Entrant.competition == c.comp_id)
                                               & (Entrant.region == "52.05.01.2007")).first()
    response = await c.post(c.url("/conflicts"), {"judge": juri2, "entrant": oo["id"], "reason": ""})
    assert response.status_code == 422
    assert "Tuliskan alasan konflik kepentingan" in response.text
    response = await c.post(c.url("/conflicts"), {"judge": juri2, "entrant": oo["id"],
                                                  "reason": "Kakak kandung kepala desa"})
    assert response.status_code == 303
    response = await c.post(c.url("/assignments/all"), [("stages", str(stages["ADM"]))])
    assert response.status_code == 200
    assert "22 penugasan telah dibuat" in response.text
    assert "Kakak kandung kepala desa" in response.text
    assert "berdomisili di 52.05.02" in response.text
    assert await Assignment.count().where(Assignment.stage == stages["ADM"]) == 22
    single = await c.post(c.url("/assignments"), {"stage": stages["ADM"], "judge": juri3, "entrant": kempo["id"]})
    assert single.status_code == 409
    assert 'id="entrant-error"' in single.text
    single = await c.post(c.url("/assignments"), {"stage": stages["ADM"], "judge": juri2, "entrant": oo["id"]})
    assert single.status_code == 409
    assert await Assignment.count().where(Assignment.stage == stages["ADM"]) == 22
    actions = [r["action"] for r in await AuditLog.select(AuditLog.action).where(
        AuditLog.competition_id == c.comp_id).order_by(AuditLog.id)]
    assert actions.count("assignment_refused") == 2
    assert "declare_conflict" in actions
    assert "assign_all" in actions


async def test_assignment_limited_to_indicator_groups(client: Any) -> None:
    c = await Committee.login(client)
    await c.create_dompu()
    await c.add_villages(DOMPU_DESA[:2])
    await c.preset()
    klar = (await c.stage_ids())["KLAR"]
    juri5 = await judge_id("juri5")
    await c.post(c.url("/panel/members"), {"stage": klar, "judge": juri5, "role": "anggota"})
    entrant = await Entrant.select(Entrant.id).where(Entrant.competition == c.comp_id).first()
    response = await c.post(c.url("/assignments"), [("stage", str(klar)), ("judge", str(juri5)),
                                                    ("entrant", str(entrant["id"])), ("group", "PEM.3"),
                                                    ("group", "NOPE")])
    assert response.status_code == 422
    response = await c.post(c.url("/assignments"), [("stage", str(klar)), ("judge", str(juri5)),
                                                    ("entrant", str(entrant["id"])), ("group", "PEM.3")])
    assert response.status_code == 303
    row = await Assignment.select().where((Assignment.judge == juri5) & (Assignment.stage == klar)).output(
        load_json=True).first()
    assert row["indicator_groups"] == ["PEM.3"]


async def test_conflict_declared_after_assignment_removes_it(client: Any) -> None:
    c = await Committee.login(client)
    await ready_round(c)
    juri1 = await judge_id("juri1")
    entrant = await Entrant.select(Entrant.id).where(Entrant.competition == c.comp_id).first()
    before = await Assignment.count().where((Assignment.judge == juri1) & (Assignment.entrant == entrant["id"]))
    assert before == 2
    response = await c.post(c.url("/conflicts"), {"judge": juri1, "entrant": entrant["id"], "reason": "Ipar"})
    assert response.status_code == 303
    assert await Assignment.count().where((Assignment.judge == juri1) & (Assignment.entrant == entrant["id"])) == 0
    assert await Conflict.count() == 1
    page = await client.get(c.url("/panel"))
    assert "Ipar" in page.text


async def test_the_dompu_round_opens_and_the_status_moves_are_logged(client: Any) -> None:
    c = await Committee.login(client)
    await ready_round(c)
    summary = await client.get(c.url())
    assert summary.text.count("✔") == 3
    for status in ("penilaian", "pleno", "final"):
        assert (await c.post(c.url("/status"), {"status": status})).status_code == 303
    moves = await AuditLog.select().where((AuditLog.competition_id == c.comp_id)
                                          & (AuditLog.action == "move_status")).order_by(AuditLog.id).output(
        load_json=True)
    assert [(m["before"]["status"], m["after"]["status"]) for m in moves] == [
        ("draft", "penilaian"), ("penilaian", "pleno"), ("pleno", "final")]
    audit = await client.get(c.url("/audit"))
    assert audit.text.count("move_status") == 3
    progress = await client.get(c.url("/progress"))
    assert progress.status_code == 200
