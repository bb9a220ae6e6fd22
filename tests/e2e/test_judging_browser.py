"""A judge scores a village on a tablet-sized browser (800×1280): log in, open a KLAR sheet, choose every
score with taps, send, read the receipt; reloading and going back never make a second version."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "var/screenshots"))


def _versions(server: LiveServer, entrant_id: int, stage: str = "KLAR") -> int | None:
    """The sheet's current version as the API reports it for juri1 (a fresh session)."""
    with httpx.Client(base_url=server.url, timeout=10) as http:
        page = http.get("/login")
        token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        http.post("/login", data={"_csrf": token, "username": "juri1", "password": "demo-lombadesa", "next": "/"})
        data = http.get(f"/api/v1/sheets/{entrant_id}/{stage}").json()
        return data["current_version"]


def test_judge_scores_a_village_on_a_tablet(live_server: LiveServer, tablet: object) -> None:
    page = tablet
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + "/")  # type: ignore[attr-defined]
    page.fill("#username", "juri1")  # type: ignore[attr-defined]
    page.fill("#password", "demo-lombadesa")  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Desa saya")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "judging_1_home.png"), full_page=False)  # type: ignore[attr-defined]

    # The first KLAR village of the list.
    link = page.locator("section.card", has_text="KLAR").locator("a.sheet-link").first  # type: ignore[attr-defined]
    href = link.get_attribute("href")
    entrant_id = int(href.split("/")[2])
    link.click()
    page.wait_for_selector("#sheet-form")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "judging_2a_sheet_top.png"), full_page=False)  # type: ignore[attr-defined]
    fieldsets = page.locator("fieldset.ind")  # type: ignore[attr-defined]
    count = fieldsets.count()
    assert count == 17
    # Touch targets: every choice is at least 44 px high and wide.
    box = fieldsets.first.locator(".level-box").first.bounding_box()
    assert box["height"] >= 44
    assert box["width"] >= 44
    # Tap a score in each indicator (the label is what a thumb hits).
    for i in range(count):
        fieldsets.nth(i).locator("label.level").nth(3 if i % 2 else 4).click()
    assert page.locator("#scored-count").inner_text() == str(count)  # type: ignore[attr-defined]
    # Autosave kept a draft.
    page.wait_for_selector("#save-status:has-text('Draf tersimpan')")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "judging_2_sheet.png"), full_page=False)  # type: ignore[attr-defined]
    fieldsets.nth(0).locator("summary").click()
    fieldsets.nth(0).locator("textarea").fill("Buku register lengkap dan rapi")

    page.click("button[value=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#receipt-version")  # type: ignore[attr-defined]
    assert page.locator("#receipt-version").inner_text().startswith("1")  # type: ignore[attr-defined]
    assert "Buku register lengkap dan rapi" in page.content()  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "judging_3_receipt.png"), full_page=False)  # type: ignore[attr-defined]
    receipt_url = page.url  # type: ignore[attr-defined]

    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector("#receipt-version")  # type: ignore[attr-defined]
    page.go_back()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    # Back lands on the sheet URL, which now answers with the receipt (the sheet is locked).
    assert "Tanda terima" in page.content() or "#sheet-form" not in page.content()  # type: ignore[attr-defined]
    page.go_forward()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert _versions(live_server, entrant_id) == 1

    page.goto(live_server.url + "/")  # type: ignore[attr-defined]
    assert "Terkirim · v1" in page.content()  # type: ignore[attr-defined]
    assert receipt_url.endswith("/receipt/1")
