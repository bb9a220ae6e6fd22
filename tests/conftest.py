"""Shared fixtures: real databases (SQLite and PostgreSQL), the app, and logged-in clients.

Every test that asks for ``db`` runs once on SQLite and once on PostgreSQL. Each pytest run makes its
own PostgreSQL database (``ld_test_<random>``) and drops it at the end, so parallel runs never meet.
Where no PostgreSQL is reachable the PostgreSQL variants skip with the reason, except under ``CI=true``,
where that is a failure.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from app import db as dbmod
from app.auth import security
from app.settings import ROOT, Settings

# Cheap argon2 parameters keep the many test logins fast; the algorithm and code path stay the same.
security._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
KEEP = {"region", "migration"}


def _pg_reachable() -> str | None:
    try:
        import asyncpg

        async def probe() -> None:
            conn = await asyncpg.connect(PG_ADMIN_URL, timeout=3)
            await conn.close()

        asyncio.run(probe())
        return None
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"


def run_cli(*args: str, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=full_env, capture_output=True, text=True,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"lomba-desa {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@dataclass
class Database:
    kind: str
    url: str


def _prepare(url: str) -> None:
    env = {"DATABASE_URL": url}
    run_cli("migrate", env=env)
    run_cli("load-regions", "--prefix", "52", env=env)


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = tmp_path_factory.mktemp("db") / "test.sqlite3"
    url = f"sqlite:///{path}"
    _prepare(url)
    return Database("sqlite", url)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[Database]:
    reason = _pg_reachable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    name = f"ld_test_{secrets.token_hex(4)}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    try:
        _prepare(url)
        yield Database("postgres", url)
    finally:
        asyncio.run(
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        )


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue(f"{request.param}_database")


_engines: dict[str, Any] = {}


@pytest.fixture(scope="session", autouse=True)
async def _close_engines() -> AsyncIterator[None]:
    """Close the engines' connections (SQLite's reused ones, PostgreSQL's pools) when the run ends."""
    yield
    for engine in _engines.values():
        await dbmod.stop(engine)


async def _truncate(engine: Any, kind: str) -> None:
    from app.piccolo_app import ALL_TABLES

    names = [t._meta.tablename for t in reversed(ALL_TABLES) if t._meta.tablename not in KEEP]
    if kind == "postgres":
        await engine.run_ddl("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE")
    else:
        for n in names:
            await engine.run_ddl(f'DELETE FROM "{n}"')


@pytest.fixture
async def db(database: Database) -> AsyncIterator[Database]:
    """A clean database (regions of NTB loaded) with every table bound to it."""
    engine = _engines.get(database.url)
    if engine is None:
        engine = dbmod.engine_for_url(database.url)
        await dbmod.start(engine)
        _engines[database.url] = engine
    dbmod.bind(engine)
    await _truncate(engine, database.kind)
    yield database


@pytest.fixture
def settings(db: Database) -> Settings:
    return Settings.from_env(
        {
            "DATABASE_URL": db.url,
            "SECRET_KEY": "test-secret-key-" + "x" * 32,
            "PUBLIC_URL": "http://testserver.local",
            "RUN_JOBS": "0",
        }
    )


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app in this event loop (httpx's ASGI transport), sharing the test's database engine.

    Litestar's own test client runs the app in another thread and event loop, where the PostgreSQL
    pool made in this loop cannot be used.
    """
    from app.main import create_app

    app = create_app(settings, bind_database=False)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as c:
        yield c


@pytest.fixture
async def demo(db: Database) -> dict[str, Any]:
    from app.demo.seed import seed_demo

    return await seed_demo()


CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The page's CSRF token; every form of the page must carry that same, well-formed token (a form whose
    macro lost the template context would post something else and be refused)."""
    tokens = CSRF_RE.findall(html)
    assert tokens, "no CSRF field in the page"
    assert len(set(tokens)) == 1, f"forms of one page carry different CSRF tokens: {sorted(set(tokens))}"
    assert re.fullmatch(r"[0-9a-f]{64}", tokens[0]), tokens[0]
    return str(tokens[0])


async def login(client: httpx.AsyncClient, username: str, password: str = "demo-lombadesa") -> str:
    """Log in through the real form; returns the CSRF token of the logged-in session."""
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={"_csrf": csrf_from(page.text), "username": username, "password": password, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    home = await client.get("/")
    return csrf_from(home.text)


@pytest.fixture
def tmp_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)
