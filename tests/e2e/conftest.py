"""A live server for end-to-end tests: a real uvicorn process on 127.0.0.1 with a fresh demo database,
and a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.settings import ROOT
from tests.conftest import PG_ADMIN_URL, _pg_admin, _pg_reachable, run_cli

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    database_url: str
    port: int
    workers: int = 1
    env: dict[str, str] = field(default_factory=dict)
    # Start through `lomba-desa serve` (the production command) instead of uvicorn directly.
    via_cli: bool = False
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": "e2e-secret-" + "k" * 40,
            "PUBLIC_URL": self.url,
            "LOG_LEVEL": "warning",
            **self.env,
        }
        if self.via_cli:
            argv = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                    "--workers", str(self.workers)]
        else:
            argv = [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port",
                    str(self.port), "--workers", str(self.workers), "--log-level", "warning"]
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("the server exited while starting")
            time.sleep(0.2)
        raise RuntimeError("the server did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def make_database(kind: str, tmp: Path) -> tuple[str, str | None]:
    """A migrated database with NTB's regions and the demo; returns (url, postgres database name)."""
    if kind == "sqlite":
        url, name = f"sqlite:///{tmp / 'e2e.sqlite3'}", None
    else:
        reason = _pg_reachable()
        if reason:
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI=true but {reason}")
            pytest.skip(reason)
        name = f"ld_e2e_{secrets.token_hex(4)}"
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
        url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    env = {"DATABASE_URL": url}
    run_cli("migrate", env=env)
    run_cli("load-regions", "--prefix", "52", env=env)
    run_cli("seed-demo", env=env)
    return url, name


def drop_database(name: str | None) -> None:
    if name:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A demo server on SQLite, started fresh for the test."""
    url, name = make_database("sqlite", tmp_path)
    server = LiveServer(database_url=url, port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
        drop_database(name)


@pytest.fixture
def live_server_pg(tmp_path: Path) -> Iterator[LiveServer]:
    """A demo server on PostgreSQL with two workers."""
    url, name = make_database("postgres", tmp_path)
    server = LiveServer(
        database_url=url, port=free_port(), workers=2, env={"EXPOSE_WORKER_PID": "1"}, via_cli=True
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
        drop_database(name)


@pytest.fixture
def browser() -> Iterator[object]:
    """Chromium for one test. Playwright's sync API runs an event loop of its own in this thread while it
    is open, so it must be closed before the next asyncio test: hence one browser per test."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def tablet(browser: object) -> Iterator[object]:
    """A fresh browser context the size of a portrait tablet (800×1280)."""
    context = browser.new_context(viewport={"width": 800, "height": 1280}, locale="id-ID")  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def browser_login(page: Any, server: LiveServer, username: str, password: str = "demo-lombadesa") -> None:
    """Log in through the real form and wait for the home page."""
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")


def screenshot(page: Any, tmp_path: Path, name: str) -> None:
    """A full-page screenshot, kept in SCREENSHOT_DIR when set (for looking at the pages)."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
