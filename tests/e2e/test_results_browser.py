"""The committee reads the results in a real browser on a tablet: the provisional ranking with the tie
waiting for the pleno, a stage tab, one village's "why this number" (and its officials page), and the
judges' agreement with its SVG charts. Set ``SCREENSHOT_DIR`` to keep the screenshots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e


def _shot(page: Any, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_ranking_drill_down_and_agreement(live_server: LiveServer, tablet: Any, tmp_path: Path) -> None:
    run_cli("seed-demo-scores", env={"DATABASE_URL": live_server.database_url})
    page = tablet
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/login")
    page.fill("#username", "panitia")
    page.fill("#password", "demo-lombadesa")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + "/competitions/1/results")
    assert "SEMENTARA (belum final)" in page.locator("#result-state").inner_text()
    ranks = page.locator("#ranking tbody td.rank").all_inner_texts()
    assert len(ranks) == 10
    assert ranks[:2] == ["1=", "1="]  # the demo's twins tie for Juara I
    first_row = page.locator("#ranking tbody tr").first.inner_text()
    assert "menunggu pleno" in first_row
    assert page.locator("#ranking tbody tr", has_text="lembar belum dikirim").count() == 1  # Kebon Ayu (juri1, KLAR)
    badge = page.locator(".badge.rb-pleno").first
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(237, 233, 254)"  # results.css applied
    _shot(page, tmp_path, "results_overall")

    page.click("nav.tabs >> text=KLAR")
    page.wait_for_url("**/results?stage=KLAR")
    assert page.locator("#ranking thead").inner_text().count("KLAR") == 1
    _shot(page, tmp_path, "results_klar")

    page.goto(live_server.url + "/competitions/1/results")
    village = page.locator("#ranking tbody tr").first.locator("td").nth(1).inner_text()
    page.locator("#ranking tbody tr").first.locator("a").click()
    page.wait_for_selector("h1")
    assert village in page.locator("h1").inner_text()
    assert page.locator("section.why-stage").count() == 3  # the top village reaches PAP (not scored yet)
    assert page.locator("#stage-PAP tr.missing").count() == 4
    assert page.locator("table.indicators-why th.judge-col").count() == 10  # 5 judges × 2 stages
    _shot(page, tmp_path, "results_why")
    page.click("text=Aparatur desa (LMS)")
    page.wait_for_url("**/officials")
    assert page.locator("h1").count() == 1

    page.goto(live_server.url + "/competitions/1/results/agreement")
    assert page.locator("svg.chart").count() == 3
    box = page.locator("svg.chart").first.bounding_box()
    assert box is not None
    assert box["width"] > 500
    assert page.locator("svg.chart").first.locator("rect").count() >= 30
    assert page.locator("table.agreement tbody tr").count() == 10
    _shot(page, tmp_path, "results_agreement")
    assert not [e for e in errors if "Content Security Policy" in e], errors
