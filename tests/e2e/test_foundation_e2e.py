"""The whole app over HTTP: several workers on PostgreSQL, the health check, and a real browser login."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from tests.conftest import _pg_admin
from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e


def _login(http: httpx.Client, username: str) -> None:
    page = http.get("/login")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = http.post("/login", data={"_csrf": token, "username": username, "password": "demo-lombadesa",
                                         "next": "/"})
    assert response.status_code == 303


def test_one_login_stays_valid_whichever_worker_answers(live_server_pg: LiveServer) -> None:
    with httpx.Client(base_url=live_server_pg.url, timeout=10) as http:
        _login(http, "panitia")
        cookies = dict(http.cookies)

    async def home(client: httpx.AsyncClient) -> str | None:
        # A new connection each time, several at once: both workers are busy accepting, so both answer.
        response = await client.get("/", headers={"Connection": "close"})
        assert response.status_code == 200
        assert "Lembar terkirim" in response.text
        return response.headers.get("x-worker-pid")

    async def pids_seen() -> set[str | None]:
        pids: set[str | None] = set()
        async with httpx.AsyncClient(base_url=live_server_pg.url, timeout=10, cookies=cookies) as client:
            for _ in range(5):
                pids |= set(await asyncio.gather(*(home(client) for _ in range(16))))
                if len(pids) >= 2:
                    break
        return pids

    pids = asyncio.run(pids_seen())
    assert len(pids) == 2, f"only one worker answered: {pids}"


def test_healthz_is_503_when_the_database_is_gone(live_server_pg: LiveServer) -> None:
    assert httpx.get(live_server_pg.url + "/healthz").json() == {"status": "ok"}
    name = live_server_pg.database_url.rsplit("/", 1)[1]
    asyncio.run(_pg_admin(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'))
    asyncio.run(_pg_admin(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    try:
        response = httpx.get(live_server_pg.url + "/healthz", timeout=20)
        assert response.status_code == 503
        assert response.json()["status"] != "ok"
    finally:
        asyncio.run(_pg_admin(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true'))


def test_login_in_a_real_browser(live_server: LiveServer, tablet: object) -> None:
    page = tablet
    page.goto(live_server.url + "/")  # type: ignore[attr-defined]
    page.fill("#username", "juri1")  # type: ignore[attr-defined]
    page.fill("#password", "demo-lombadesa")  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Desa saya")  # type: ignore[attr-defined]
    assert "Desa saya" in page.content()  # type: ignore[attr-defined]
