"""The committee's last steps in a real browser on a tablet: find the tie, settle it in the pleno with a
reason, advance three villages to PAP, finalise with an override (PAP is not scored), then open the public
verification page from the code and check the downloaded snapshot with ``verify-snapshot``.
Set ``SCREENSHOT_DIR`` to keep the screenshots."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.e2e.conftest import LiveServer, browser_login, screenshot

pytestmark = pytest.mark.e2e


def test_tie_pleno_advance_finalise_verify(live_server: LiveServer, tablet: Any, tmp_path: Path) -> None:
    seeded = run_cli("seed-demo-scores", env={"DATABASE_URL": live_server.database_url})
    assert "99 demo sheets submitted" in seeded.stdout  # juri1's KLAR sheet for Kebon Ayu stays open
    page = tablet
    browser_login(page, live_server, "panitia")

    page.goto(live_server.url + "/competitions/1/pleno")
    group = page.locator("form.pleno-group")
    assert group.count() == 1
    assert "posisi juara" in group.inner_text()
    options = group.locator("select[name=position-1] option")
    second_village = options.nth(2).inner_text()
    first_village = options.nth(1).inner_text()
    group.locator("select[name=position-1]").select_option(label=second_village)
    group.locator("select[name=position-2]").select_option(label=first_village)
    group.locator("textarea[name=reason]").fill("Inovasi pelayanan publik lebih berkelanjutan")
    screenshot(page, tmp_path, "pleno_form")
    group.locator("button[type=submit]").click()
    page.wait_for_selector("li.decision")
    decision = page.locator("li.decision").first.inner_text()
    assert f"{second_village} → {first_village}" in decision
    assert "diterapkan" in decision

    page.click("text=Loloskan ke PAP dan tugaskan jurinya")
    page.wait_for_selector("text=Diloloskan: 15 penugasan baru dibuat.")
    assert page.locator("ol.advance-list li").count() == 3
    screenshot(page, tmp_path, "pleno_done")

    page.goto(live_server.url + "/competitions/1/finalise")
    assert "Belum" in page.locator("#check-sheets").inner_text()
    assert "belum mengirim lembar PAP" in page.locator("#check-sheets").inner_text()
    screenshot(page, tmp_path, "finalise_checks")
    page.check("#override")
    page.fill("#reason", "Pemaparan PAP ditunda; hasil ADM dan KLAR ditetapkan sementara sebagai final")
    page.click("button:has-text('Tetapkan hasil final')")
    page.wait_for_selector("text=Hasil sudah final")
    code = page.locator("a.vcode").inner_text().strip()
    assert re.fullmatch(r"LD-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    screenshot(page, tmp_path, "finalise_done")

    page.click("text=Keluar")
    page.goto(live_server.url + f"/verifikasi/{code}")
    assert "berlaku" in page.locator(".snapshot-status").inner_text()
    rows = page.locator("table.public-ranking tbody tr")
    assert rows.count() == 10
    assert second_village in rows.nth(0).inner_text()
    assert "Juara I" in rows.nth(0).inner_text()
    assert "Inovasi pelayanan publik" in rows.nth(0).inner_text()
    screenshot(page, tmp_path, "verifikasi")

    download = page.request.get(live_server.url + f"/api/v1/snapshots/{code}")
    assert download.ok
    path = tmp_path / f"snapshot-{code}.json"
    path.write_bytes(download.body())
    checked = run_cli("verify-snapshot", str(path), check=False)
    assert checked.returncode == 0, checked.stderr
    assert page.locator("code.hash").inner_text() in checked.stdout
