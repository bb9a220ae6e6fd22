"""The file fallback: the queue is exported to a file offline, the browser's data is lost, and the file
uploaded (twice) from a fresh browser records every sheet exactly once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.offline_support import login, prepare, score, sheet_links, total_submissions, versions, wait_badge

pytestmark = pytest.mark.e2e


def test_backup_file_after_browser_data_is_lost(
    live_server: LiveServer, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 1280}, locale="id-ID", accept_downloads=True)
    page = context.new_page()
    login(page, live_server)
    chosen = sheet_links(page, live_server)[5:7]
    prepare(page, live_server)
    context.set_offline(True)
    for entrant, stage in chosen:
        page.goto(f"{live_server.url}/sheets/{entrant}/{stage}")
        score(page)
        page.click("button[value=submit]")
        page.wait_for_selector("#offline-note")
    page.goto(live_server.url + "/offline")
    wait_badge(page, "2 belum terkirim")
    with page.expect_download() as info:
        page.click("#export-btn")
    backup = tmp_path / info.value.suggested_filename
    info.value.save_as(backup)
    data = json.loads(backup.read_text())
    assert data["format"] == "lomba-desa-offline-backup"
    assert [(i["entrant_id"], i["stage_code"]) for i in data["items"]] == chosen
    # The browser's data is gone (cleared, or Safari's 7 days): nothing was ever sent.
    context.clear_cookies()
    context.close()
    assert total_submissions(live_server) == 0

    fresh = browser.new_context(viewport={"width": 800, "height": 1280}, locale="id-ID")
    page = fresh.new_page()
    try:
        login(page, live_server, next_path="/offline")
        page.wait_for_selector("#queue-empty")
        for expected_new, expected_old in ((2, 0), (0, 2)):
            page.goto(live_server.url + "/offline")
            page.set_input_files("#backup-file", str(backup))
            page.click(".backup-form button[type=submit]")
            page.wait_for_selector("#backup-summary")
            assert page.locator("#count-201").inner_text() == str(expected_new)
            assert page.locator("#count-200").inner_text() == str(expected_old)
        for entrant, stage in chosen:
            assert versions(live_server, entrant, stage) == [(1, "active")]
        assert total_submissions(live_server) == 2
    finally:
        fresh.close()
