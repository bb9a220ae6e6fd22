"""A committee member sets up the Dompu round in a real browser on a tablet, through the menus only.

Set SETUP_SCREENSHOTS=/some/dir to keep a screenshot of each main page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e

VILLAGES = ["52.05.01.2007", "52.05.02.2001", "52.05.03.2001", "52.05.04.2001",
            "52.05.05.2004", "52.05.06.2001", "52.05.07.2001", "52.05.08.2001"]
JUDGES = [
    ("juri.dpmd", "Drs. Syamsuddin, M.Si.", "197104121996031005", "Kepala Bidang Pemdes", "DPMD Kabupaten Dompu"),
    ("juri.bappeda", "Ir. Nurhayati, M.T.", "197503222000032004", "Kepala Bidang Pemerintahan", "Bappeda"),
    ("juri.dinkes", "dr. Ahmad Fauzi", "198002142006041011", "Kepala Seksi Kesehatan Keluarga", "Dinas Kesehatan"),
]


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("SETUP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def edit_indicator(page: Any, code: str, **values: str) -> None:
    page.click(f"[id='indicator-{code}'] a:has-text('Ubah')")
    for name, value in values.items():
        page.fill(f"#f-{name}", value)
    page.click("button:has-text('Simpan')")


def test_committee_sets_up_the_dompu_round(live_server: LiveServer, tablet: Any) -> None:
    page = tablet
    page.goto(live_server.url + "/")
    page.fill("#username", "panitia")
    page.fill("#password", "demo-lombadesa")
    page.click("button[type=submit]")

    # Step 1: the competition, from the main menu.
    page.click("nav.nav >> text=Lomba")
    page.click("text=Lomba baru")
    shot(page, "01-new")
    page.fill("#f-name", "Lomba Desa Tingkat Kabupaten Dompu Tahun 2026")
    page.fill("#f-organiser_region", "Dompu")
    page.fill("#f-place", "Dompu")
    page.fill("#f-letterhead_government", "PEMERINTAH KABUPATEN DOMPU")
    page.click("button:has-text('Buat lomba')")
    shot(page, "01b-created")
    page.wait_for_selector("text=Lomba telah dibuat")
    assert "Kabupaten Dompu (52.05)" in page.content()

    # Step 2: eight villages, searched and ticked; a kelurahan typed by hand is refused first.
    page.click("nav.tabs >> text=Desa peserta")
    page.fill("#f-codes", "52.05.01.1001")
    page.click("button:has-text('Tambahkan desa')")
    assert "adalah kelurahan" in page.inner_text("#codes-error")
    page.fill("#f-codes", "")
    page.click("button:has-text('Cari')")
    for code in VILLAGES:
        page.check(f"input[name=code][value='{code}']")
    shot(page, "02-villages-search")
    page.click("button:has-text('Tambahkan desa')")
    page.wait_for_selector("text=Desa telah ditambahkan")
    assert page.locator("button:has-text('Hapus')").count() == 8
    shot(page, "03-villages")

    # Step 3: the default criteria, edited in two places; a wrong step is refused at the field.
    page.click("nav.tabs >> text=Kriteria")
    page.click("button:has-text('Gunakan katalog bawaan')")
    page.wait_for_selector("text=Berkas telah diimpor")
    shot(page, "04-criteria")
    edit_indicator(page, "PEM.2.3", step="3")
    assert "Langkah nilai harus membagi skala" in page.inner_text("#step-error")
    shot(page, "05-indicator-error")
    page.fill("#f-step", "1")
    page.fill("#f-weight", "4")
    page.fill("#f-rubric_4", "BPD rutin bermusyawarah dan mengawasi")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("text=Tersimpan")
    edit_indicator(page, "WIL.3.1", weight="5")
    page.wait_for_selector("text=Tersimpan")

    # Step 4: three judge accounts; a 17-digit NIP is refused first.
    page.click("nav.tabs >> text=Tim penilai")
    for index, (username, name, nip, jabatan, instansi) in enumerate(JUDGES):
        page.fill("#f-username", username)
        page.fill("#f-full_name", name)
        page.fill("#f-nip", nip[:17] if index == 0 else nip)
        page.fill("#f-jabatan", jabatan)
        page.fill("#f-instansi", instansi)
        page.fill("#f-password", "rahasia-juri-2026")
        page.click("button:has-text('Buat akun juri')")
        if index == 0:
            assert "NIP terdiri dari 18 angka" in page.inner_text("#nip-error")
            page.fill("#f-nip", nip)
            page.fill("#f-password", "rahasia-juri-2026")
            page.click("button:has-text('Buat akun juri')")
        page.wait_for_selector("text=Akun juri telah dibuat")
    for stage_index in (0, 1):  # ADM and KLAR
        for index, (username, name, *_rest) in enumerate(JUDGES):
            form = page.locator("form.add-member").nth(stage_index)
            form.locator("select[name=judge]").select_option(label=f"{name} ({username})")
            form.locator("select[name=role]").select_option("ketua" if index == 0 else "anggota")
            form.locator("button:has-text('Tambah')").click()
            page.wait_for_selector("text=Tersimpan")
    shot(page, "06-panel")

    # Step 5: everyone to everything in ADM and KLAR.
    page.click("nav.tabs >> text=Penugasan")
    page.click("button:has-text('Tugaskan semua')")
    page.wait_for_selector("text=Penugasan telah disimpan")
    assert "Penugasan (48)" in page.content()
    shot(page, "07-assignments")

    # Open scoring from the summary, where the checklist is all ticked.
    page.click("nav.tabs >> text=Ringkasan")
    assert page.locator(".checklist li.ok").count() == 3
    shot(page, "08-summary")
    page.click("button:has-text('Buka penilaian')")
    page.wait_for_selector("text=Status telah diubah")
    assert "Penilaian dibuka" in page.inner_text(".comp-head")

    # The criteria are now frozen, and the progress board expects 48 sheets.
    page.click("nav.tabs >> text=Kriteria")
    assert "Dibekukan" in page.content()
    page.click("nav.tabs >> text=Progres")
    assert "0 / 24" in page.content()
    shot(page, "09-progress")
    page.click("nav.tabs >> text=Log audit")
    assert page.locator("code:has-text('move_status')").count() == 1
    shot(page, "10-audit")
