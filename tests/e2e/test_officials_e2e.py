"""The officials register in a real browser on a tablet: add an official with a NIK, see the mask, reveal it
once, and upload certificate evidence as an assigned judge. Set ``SCREENSHOT_DIR`` to keep the screenshots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer, browser_login, screenshot

pytestmark = pytest.mark.e2e

NIK = "5201015203850007"


def test_register_mask_reveal_and_evidence(live_server: LiveServer, tablet: Any, tmp_path: Path) -> None:
    page = tablet
    browser_login(page, live_server, "panitia")
    base = live_server.url + "/competitions/1/entrants/1/officials"
    page.goto(base)
    page.click("text=Tambah perangkat desa")
    page.fill("#add-nama", "Baiq Nurhasanah")
    page.select_option("#add-jabatan", "kaur_keuangan")
    page.fill("#add-email", "baiq.nurhasanah@desa.id")
    page.fill("#add-nik", NIK)
    page.locator("#add").screenshot(path=str(Path(os.environ.get("SCREENSHOT_DIR") or tmp_path) / "add_form.png"))
    page.click("text=Simpan perangkat desa")
    page.wait_for_load_state()
    screenshot(page, tmp_path, "officials_list")
    assert "5201********0007" in page.content()
    assert NIK not in page.content()

    page.locator("li.official", has_text="Baiq Nurhasanah").locator("text=Tampilkan NIK").click()
    page.wait_for_selector(f"output.nik-revealed:has-text('{NIK}')")
    screenshot(page, tmp_path, "officials_reveal")

    page.goto(live_server.url + "/competitions/1/officials")
    page.wait_for_selector("table.overview")
    screenshot(page, tmp_path, "officials_overview")

    page.click("text=Keluar")
    browser_login(page, live_server, "juri1")
    page.goto(live_server.url + "/sheets/1/officials")
    first = page.locator("li.official").first
    first.locator("summary").click()
    first.locator("input[type=file]").set_input_files(
        files=[{"name": "sertifikat.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%bukti\n"}]
    )
    first.locator("input[name=attest]").check()
    first.locator("text=Simpan bukti").click()
    page.wait_for_selector("text=Bukti tersimpan")
    assert "Terverifikasi" in page.locator("li.official").first.inner_text()
    screenshot(page, tmp_path, "officials_judge")
