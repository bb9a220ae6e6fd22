"""The sync's hard cases in a real browser against a real server: the server dies in the middle of a
sync, a stale edit (unlocked and resubmitted elsewhere) meets the judge's queued one, and the session ends
while the tablet is offline."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.offline_support import (
    Device,
    badge,
    enqueue,
    login,
    prepare,
    score,
    sheet_links,
    total_submissions,
    versions,
    wait_badge,
)

pytestmark = pytest.mark.e2e


def test_server_stopped_mid_sync_loses_and_doubles_nothing(live_server: LiveServer, tablet: Any) -> None:
    page = tablet
    login(page, live_server)
    sheets = sheet_links(page, live_server)[:12]
    prepare(page, live_server)
    page.context.set_offline(True)
    for entrant, stage in sheets:
        enqueue(page, entrant, stage)
    wait_badge(page, "12 belum terkirim")

    page.context.set_offline(False)  # the "online" event starts the sync
    path = live_server.database_url.removeprefix("sqlite:///")
    deadline = time.monotonic() + 20
    recorded = 0
    while time.monotonic() < deadline:
        with sqlite3.connect(path, timeout=1) as con:
            recorded = con.execute('SELECT count(*) FROM "submission"').fetchone()[0]
        if recorded >= 3:
            break
        time.sleep(0.005)
    assert live_server.process is not None
    live_server.process.kill()  # no goodbye: requests in flight are cut
    live_server.process.wait()
    live_server.process = None
    stopped_at = total_submissions(live_server)
    assert 3 <= stopped_at < 12, stopped_at
    page.wait_for_selector("#sync-status:has-text('Server tidak terjangkau')", timeout=20000)
    assert "belum terkirim" in page.locator("#offline-badge").inner_text()

    live_server.start()
    page.click("#sync-btn")
    wait_badge(page, "Mode offline")
    for entrant, stage in sheets:
        assert versions(live_server, entrant, stage) == [(1, "active")], (entrant, stage)
    assert total_submissions(live_server) == 12


def test_stale_edit_is_shown_and_the_judge_chooses(live_server: LiveServer, tablet: Any) -> None:
    page = tablet
    entrant, stage = 0, "KLAR"
    phone, committee = Device(live_server, "juri1"), Device(live_server, "panitia")
    try:
        login(page, live_server)
        entrant, stage = next(s for s in sheet_links(page, live_server) if s[1] == "KLAR")
        assert phone.submit(entrant, stage, "1", None).status_code == 201
        assert committee.unlock(entrant, stage, phone.user_id).status_code in (200, 303)
        prepare(page, live_server)  # the tablet stores the unlocked sheet (an edit of version 1)

        page.context.set_offline(True)
        page.goto(f"{live_server.url}/sheets/{entrant}/{stage}")
        score(page, 3)
        page.click("button[value=submit]")
        page.wait_for_selector("#offline-note")
        # Meanwhile, elsewhere: the judge sends version 2 from the phone.
        assert phone.submit(entrant, stage, "2", 1).status_code == 201

        page.goto(live_server.url + "/offline")
        page.context.set_offline(False)
        page.wait_for_selector(".queue-item.state-conflict .conflict-table", timeout=20000)
        table = page.locator(".conflict-table")
        assert "Versi di server (v2)" in table.inner_text()
        assert table.locator("td.server-value").first.inner_text() == "2"
        assert table.locator("td.my-value").first.inner_text() == "3"
        assert versions(live_server, entrant, stage) == [(1, "active"), (2, "active")]
        wait_badge(page, "1 belum terkirim")

        # The committee unlocks again; the judge sends theirs as a new edit of version 2.
        assert committee.unlock(entrant, stage, phone.user_id).status_code in (200, 303)
        page.click("button.send-mine")
        wait_badge(page, "Mode offline")
        assert versions(live_server, entrant, stage) == [(1, "active"), (2, "active"), (3, "active")]
        sheet = phone.http.get(f"/api/v1/sheets/{entrant}/{stage}").json()
        assert set(sheet["current"]["values"].values()) == {"3"}
    finally:
        phone.close()
        committee.close()


def test_session_expired_offline_then_queue_sent_after_login(live_server: LiveServer, tablet: Any) -> None:
    page = tablet
    login(page, live_server)
    (a_entrant, a_stage), (b_entrant, b_stage) = sheet_links(page, live_server)[2:4]
    prepare(page, live_server)
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/sheets/{a_entrant}/{a_stage}")
    score(page)
    page.click("button[value=submit]")
    page.wait_for_selector("#offline-note")
    enqueue(page, b_entrant, b_stage)
    page.goto(live_server.url + "/offline")
    wait_badge(page, "2 belum terkirim")

    # The session ends on the server while the tablet is away.
    with sqlite3.connect(live_server.database_url.removeprefix("sqlite:///")) as con:
        con.execute('DELETE FROM "user_session"')
    page.context.set_offline(False)
    page.wait_for_selector("#sync-status:has-text('Sesi berakhir, silakan masuk lagi')", timeout=20000)
    assert page.locator(".queue-item.state-auth").count() == 2
    assert total_submissions(live_server) == 0

    page.locator(".queue-item a.button", has_text="Masuk lagi").first.click()
    page.wait_for_selector("#username")
    page.fill("#username", "juri1")
    page.fill("#password", "demo-lombadesa")
    page.click("button[type=submit]")
    page.wait_for_url("**/offline")
    # The badge says "Mode offline" before the page's script has counted the queue, so wait for the
    # sync's own word that the queue is empty.
    page.wait_for_selector("#sync-status:has-text('Semua sudah terkirim')", timeout=20000)
    assert badge(page) == "Mode offline"
    assert versions(live_server, a_entrant, a_stage) == [(1, "active")]
    assert versions(live_server, b_entrant, b_stage) == [(1, "active")]
