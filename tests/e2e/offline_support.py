"""Helpers for the offline browser tests: log in, prepare, score a sheet by taps, read the database."""

from __future__ import annotations

import re
import sqlite3
import uuid
from typing import Any

import httpx

from tests.e2e.conftest import LiveServer


def login(page: Any, server: LiveServer, username: str = "juri1", next_path: str = "/") -> None:
    page.goto(f"{server.url}/login?next={next_path}")
    page.fill("#username", username)
    page.fill("#password", "demo-lombadesa")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def prepare(page: Any, server: LiveServer) -> None:
    """Press "Siapkan offline" and wait until the page says what is ready."""
    page.goto(server.url + "/offline")
    page.click("#prepare-btn")
    page.wait_for_selector("#prepare-status:has-text('Siap:')", timeout=30000)
    # An active service worker now answers every navigation in its scope. (Predicates are functions: a bare
    # expression is eval'ed in the page, which the CSP forbids.)
    assert page.evaluate("() => navigator.serviceWorker.ready.then(r => r.active !== null)")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        # clients.claim() on activate usually takes this page over at once; when the browser has not done it
        # yet, a reload is always controlled.
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)


def score(page: Any, value_index: int = 2) -> None:
    """Choose a score in every indicator of the open sheet (a tap on a level, or typing for long scales)."""
    page.wait_for_selector("#sheet-form")
    fieldsets = page.locator("fieldset.ind")
    for i in range(fieldsets.count()):
        fs = fieldsets.nth(i)
        levels = fs.locator("label.level")
        if levels.count():
            levels.nth(min(value_index, levels.count() - 1)).click()
        else:
            fs.locator("input[type=text]").fill(str(value_index))


def badge(page: Any) -> str:
    return str(page.locator("#offline-badge").inner_text())


def wait_badge(page: Any, text: str, timeout: int = 20000) -> None:
    page.wait_for_function(
        "t => document.getElementById('offline-badge').textContent.trim() === t", arg=text, timeout=timeout
    )


def sheet_links(page: Any, server: LiveServer) -> list[tuple[int, str]]:
    """(entrant id, stage code) of the judge's unsent sheets, from the home page."""
    page.goto(server.url + "/")
    out = []
    for href in page.locator("a.sheet-link").evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        parts = href.strip("/").split("/")
        if len(parts) == 3:
            out.append((int(parts[1]), parts[2]))
    return out


def versions(server: LiveServer, entrant: int, stage: str, username: str = "juri1") -> list[tuple[int, str]]:
    """(version, status) of one judge's sheet, straight from the server's SQLite file."""
    path = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as con:
        rows = con.execute(
            'SELECT s.version, s.status FROM "submission" s JOIN "stage" st ON st.id = s.stage '
            'JOIN "app_user" u ON u.id = s.judge WHERE s.entrant = ? AND st.code = ? AND u.username = ? '
            "ORDER BY s.version",
            (entrant, stage, username),
        ).fetchall()
    return [(int(v), str(st)) for v, st in rows]


def total_submissions(server: LiveServer) -> int:
    path = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as con:
        return int(con.execute('SELECT count(*) FROM "submission"').fetchone()[0])


ENQUEUE_JS = """
async ([entrant, stage, pick]) => {
  const r = await fetch(`/api/v1/sheets/${entrant}/${stage}`, {credentials: "same-origin"});
  const sheet = await r.json();
  const values = {};
  for (const ind of sheet.indicators) { values[ind.code] = pick === "max" ? ind.max : "0"; }
  await window.LDOffline.enqueue({
    client_uuid: window.LDOffline.newUuid(), base_version: sheet.current_version,
    device_time: new Date().toISOString(), values, notes: {}, remark: "",
    url: `/api/v1/sheets/${entrant}/${stage}/submissions`, entrant_id: entrant, stage_code: stage,
    village: sheet.village,
  });
  return Object.keys(values).length;
}
"""


def enqueue(page: Any, entrant: int, stage: str, pick: str = "max") -> int:
    """Queue a full sheet on the tablet as the sheet page does (reads the prepared sheet JSON)."""
    return int(page.evaluate(ENQUEUE_JS, [entrant, stage, pick]))


class Device:
    """Another device of the same people, through the real HTTP API (its own session and CSRF token)."""

    def __init__(self, server: LiveServer, username: str) -> None:
        self.http = httpx.Client(base_url=server.url, timeout=10)
        page = self.http.get("/login")
        token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        self.http.post("/login", data={"_csrf": token, "username": username, "password": "demo-lombadesa",
                                       "next": "/"})
        info = self.http.get("/api/v1/session").json()
        self.csrf, self.user_id = info["csrf_token"], info["user"]["id"]

    def submit(self, entrant: int, stage: str, value: str, base: int | None) -> httpx.Response:
        sheet = self.http.get(f"/api/v1/sheets/{entrant}/{stage}").json()
        return self.http.post(
            f"/api/v1/sheets/{entrant}/{stage}/submissions", headers={"X-CSRF-Token": self.csrf},
            json={"client_uuid": str(uuid.uuid4()), "base_version": base, "values":
                  {i["code"]: value for i in sheet["indicators"]}, "notes": {}, "remark": ""},
        )

    def unlock(self, entrant: int, stage: str, judge_id: int) -> httpx.Response:
        return self.http.post(f"/committee/sheets/{entrant}/{stage}/{judge_id}/unlock",
                              data={"_csrf": self.csrf, "reason": "Salah ketik nilai"})

    def close(self) -> None:
        self.http.close()
