"""The SQLite engine's reused connections: the same answers as fresh ones, nothing left half-done."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from app import db


@pytest.fixture
async def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = db.engine_for_url(f"sqlite:///{tmp_path}/pool.sqlite3")
    assert isinstance(engine, db.PooledSQLiteEngine)
    await db.start(engine)
    await engine.run_ddl('CREATE TABLE "parent" ("id" INTEGER PRIMARY KEY)')
    await engine.run_ddl('CREATE TABLE "child" ("id" INTEGER PRIMARY KEY, "parent" INTEGER REFERENCES "parent"("id"))')
    yield engine
    await db.stop(engine)


async def _count(engine: db.PooledSQLiteEngine, table: str) -> int:
    rows = await engine._run_in_new_connection(f'SELECT COUNT(*) AS n FROM "{table}"')
    return int(rows[0]["n"])


async def test_queries_reuse_one_connection(engine: db.PooledSQLiteEngine) -> None:
    await engine._run_in_new_connection("SELECT 1")
    idle = list(engine._pool() or [])
    assert len(idle) == 1
    for _ in range(5):
        await engine._run_in_new_connection("SELECT 1")
    assert engine._pool() == idle


async def test_foreign_keys_hold_on_a_reused_connection(engine: db.PooledSQLiteEngine) -> None:
    await engine._run_in_new_connection('INSERT INTO "parent" ("id") VALUES (1)')
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await engine._run_in_new_connection('INSERT INTO "child" ("id", "parent") VALUES (1, 99)')
    assert await _count(engine, "child") == 0


async def test_a_failed_transaction_rolls_back_and_leaves_no_open_transaction(engine: db.PooledSQLiteEngine) -> None:
    async def insert_then_fail() -> None:
        async with engine.transaction():
            await engine._run_in_existing_connection(
                engine.current_transaction.get().connection, 'INSERT INTO "parent" ("id") VALUES (7)'
            )
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await insert_then_fail()
    assert await _count(engine, "parent") == 0
    assert all(not c.in_transaction for c in engine._pool() or [])


async def test_a_committed_transaction_is_seen_by_the_next_connection(engine: db.PooledSQLiteEngine) -> None:
    async with engine.transaction():
        conn = engine.current_transaction.get().connection
        await engine._run_in_existing_connection(conn, 'INSERT INTO "parent" ("id") VALUES (3)')
    assert await _count(engine, "parent") == 1


async def test_stop_closes_every_idle_connection(tmp_path: Path) -> None:
    engine = db.engine_for_url(f"sqlite:///{tmp_path}/stop.sqlite3")
    assert isinstance(engine, db.PooledSQLiteEngine)
    await db.start(engine)
    await engine._run_in_new_connection("SELECT 1")
    idle = list(engine._pool() or [])
    await db.stop(engine)
    assert engine._pool() is None
    assert all(c.closed for c in idle)
    # Without the pool it behaves as Piccolo's engine: a connection per query.
    rows = await engine._run_in_new_connection("SELECT 2 AS n")
    assert rows[0]["n"] == 2


@pytest.fixture
def other_writer(engine: db.PooledSQLiteEngine):  # type: ignore[no-untyped-def]
    """A connection standing for another worker process, holding the database's write lock."""
    other = sqlite3.connect(engine.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.close()


async def test_a_locked_database_is_waited_for_off_the_event_loop(
    engine: db.PooledSQLiteEngine, other_writer: sqlite3.Connection
) -> None:
    """Another process holding the write lock: the statement waits on a worker thread, the loop runs on."""
    other_writer.execute('INSERT INTO "parent" ("id") VALUES (1)')
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    insert = asyncio.create_task(engine._run_in_new_connection('INSERT INTO "parent" ("id") VALUES (2)'))
    await asyncio.sleep(0.3)
    assert not insert.done()  # still waiting for the lock...
    assert ticks >= 10  # ...without stopping the event loop
    other_writer.execute("COMMIT")
    await asyncio.wait_for(insert, 5)
    ticker.cancel()
    assert await _count(engine, "parent") == 2
    # The waiting connection went back to the pool with no busy wait left on it.
    idle = engine._pool() or []
    assert idle
    assert all(not c.in_transaction for c in idle)
    assert [await c.execute_fetchall("PRAGMA busy_timeout") for c in idle] == [[{"timeout": 0}]] * len(idle)


async def test_other_errors_are_raised_at_once(engine: db.PooledSQLiteEngine) -> None:
    with pytest.raises(Exception, match="no such table"):
        await engine._run_in_new_connection('SELECT * FROM "missing"')


async def test_a_cancelled_wait_keeps_the_connection_until_its_statement_ends(
    engine: db.PooledSQLiteEngine, other_writer: sqlite3.Connection
) -> None:
    idle_before = len(engine._pool() or [])
    insert = asyncio.create_task(engine._run_in_new_connection('INSERT INTO "parent" ("id") VALUES (5)'))
    await asyncio.sleep(0.2)
    insert.cancel()
    await asyncio.sleep(0.2)
    assert not insert.done()  # still holding its connection while the statement waits in its thread
    assert len(engine._pool() or []) == idle_before - 1
    other_writer.execute("COMMIT")
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(insert, 5)
    assert len(engine._pool() or []) == idle_before  # given back only now, idle
    assert await _count(engine, "parent") == 1  # the statement itself was not undone (autocommit)
