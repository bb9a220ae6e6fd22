"""A judge prepares the tablet, scores two villages with no connection at all, reloads the pages offline
and, back online, every sheet reaches the server exactly once (checked in the database)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.offline_support import badge, login, prepare, score, sheet_links, versions, wait_badge

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "var/screenshots"))


def test_prepare_score_offline_and_sync_once(live_server: LiveServer, tablet: Any) -> None:
    page = tablet
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, live_server)
    sheets = sheet_links(page, live_server)
    assert len(sheets) == 20
    prepare(page, live_server)
    page.screenshot(path=str(SHOTS / "offline_1_prepared.png"))
    assert "20 lembar penilaian" in page.locator("#prepare-status").inner_text()

    page.context.set_offline(True)
    chosen = [sheets[0], sheets[-1]]
    for entrant, stage in chosen:
        page.goto(f"{live_server.url}/sheets/{entrant}/{stage}")
        score(page)
        page.click("button[value=submit]")
        page.wait_for_selector("#offline-note")
    wait_badge(page, "2 belum terkirim")
    page.screenshot(path=str(SHOTS / "offline_2_queued.png"))

    # Reload offline: the prepared pages still open, the queued sheet says it waits.
    page.reload()
    page.wait_for_selector("#offline-note")
    assert page.locator("button[value=submit]").is_disabled()
    page.goto(live_server.url + "/")
    page.wait_for_selector("a.sheet-link")
    wait_badge(page, "2 belum terkirim")
    page.goto(live_server.url + "/offline")
    page.wait_for_selector("#queue-list li.queue-item")
    assert page.locator("#queue-list li.queue-item").count() == 2
    page.screenshot(path=str(SHOTS / "offline_3_queue.png"))
    # A sheet not sent, filled in offline: its draft survives a reload.
    entrant, stage = sheets[1]
    page.goto(f"{live_server.url}/sheets/{entrant}/{stage}")
    score(page, 1)
    page.wait_for_selector("#save-status:has-text('Draf disimpan di tablet')")
    page.reload()
    page.wait_for_selector("#save-status:has-text('dipulihkan')")
    assert page.locator("#scored-count").inner_text() == str(page.locator("fieldset.ind").count())

    page.context.set_offline(False)
    page.goto(live_server.url + "/offline")
    wait_badge(page, "Mode offline")
    page.wait_for_selector("#sent-list li")
    assert badge(page) == "Mode offline"
    for entrant, stage in chosen:
        assert versions(live_server, entrant, stage) == [(1, "active")]
    assert versions(live_server, *sheets[1]) == []
    page.screenshot(path=str(SHOTS / "offline_4_synced.png"))
