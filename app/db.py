"""Database plumbing: the engine for a DATABASE_URL, binding tables to it, and write transactions.

Words: the *engine* is Piccolo's connection to SQLite or PostgreSQL. Every table of the app is listed in
``app.piccolo_app.ALL_TABLES``; ``bind(engine)`` points them all at one engine (tests use this to run the
same suite on both databases). ``write_tx()`` opens a write transaction: IMMEDIATE on SQLite, because a
DEFERRED transaction that upgrades to a write lock fails with "database is locked" when several judges
submit at once.

This module does not know any table's meaning.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import weakref
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory

SQLITE_BUSY_TIMEOUT_S = 30
SQLITE_IDLE_CONNECTIONS = 32


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, reusing open connections once ``start_pool()`` was called.

    Piccolo opens a new aiosqlite connection (and its thread) for every query outside a transaction and
    for every transaction, and sends ``PRAGMA foreign_keys`` before every statement: about 2 ms a query,
    more than the query itself. With the pool, a query or transaction borrows an idle connection of the
    running event loop and gives it back afterwards; ``close_pool()`` closes them. Pooled connections
    run their statements on the event loop's thread (see ``_InlineConnection``). Connections run in
    autocommit mode outside a transaction, so a reused connection answers exactly as a new one would.
    Without ``start_pool()`` (command-line tools, migrations) it behaves as Piccolo's.
    """

    def __init__(self, path: str, **kwargs: Any) -> None:
        super().__init__(path=path, **kwargs)
        self._idle: dict[asyncio.AbstractEventLoop, list[_InlineConnection]] = {}

    def _pool(self) -> list[_InlineConnection] | None:
        try:
            return self._idle.get(asyncio.get_running_loop())
        except RuntimeError:
            return None

    def start_pool(self) -> None:
        self._idle.setdefault(asyncio.get_running_loop(), [])

    async def close_pool(self) -> None:
        idle = self._idle.pop(asyncio.get_running_loop(), [])
        for connection in idle:
            await connection.close()

    async def get_connection(self) -> Any:
        pool = self._pool()
        if pool is None:  # not started: Piccolo's own aiosqlite connection, as Piccolo would open it
            return await super().get_connection()
        if pool:
            return pool.pop()
        return _InlineConnection(self.connection_kwargs)

    async def release(self, connection: Any) -> None:
        """Give a borrowed connection back (closed instead when the pool is full or it is mid-transaction)."""
        pool = self._pool()
        if pool is not None and len(pool) < SQLITE_IDLE_CONNECTIONS and not connection.in_transaction:
            pool.append(connection)
            return
        await connection.close()

    async def _run_in_new_connection(
        self, query: str, args: list[Any] | None = None, query_type: str = "generic", table: Any = None
    ) -> Any:
        if self._pool() is None:
            return await super()._run_in_new_connection(query, args, query_type, table)
        connection = await self.get_connection()
        try:
            return await self._run_in_existing_connection(connection, query, args, query_type, table)
        finally:
            await self.release(connection)

    async def _run_in_existing_connection(
        self, connection: Any, query: str, args: list[Any] | None = None, query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        if not isinstance(connection, _InlineConnection):  # the engine is not started: Piccolo's way
            return await super()._run_in_existing_connection(connection, query, args, query_type, table)
        # Every connection of the pool has foreign keys on from the start (see _InlineConnection).
        return await connection.execute_fetchall(query, args or [])

    def transaction(
        self, transaction_type: TransactionType = TransactionType.deferred, allow_nested: bool = True
    ) -> SQLiteTransaction:
        return _PooledTransaction(engine=self, transaction_type=transaction_type, allow_nested=allow_nested)


class _InlineConnection:
    """A SQLite connection that runs each statement on the event loop's own thread.

    A statement on a small database takes tens of microseconds; handing it to a worker thread and back
    (as aiosqlite does) cost more than the statement, and under load the two threads fought over the GIL.
    The connection waits for no lock inline: its busy timeout is 0, and a statement that finds the database
    locked (another process writing) is run again on a worker thread with the engine's busy timeout, so
    the event loop never sleeps in SQLite's busy handler. A statement that failed with SQLITE_BUSY changed
    nothing, so running it again is safe. Only one task uses a connection at a time (the pool lends it).

    It offers what Piccolo's engine and transactions use of an aiosqlite connection.
    """

    def __init__(self, connection_kwargs: dict[str, Any]) -> None:
        kwargs = dict(connection_kwargs)
        self.busy_timeout_ms = int(float(kwargs.pop("timeout", 5)) * 1000)
        self._conn: sqlite3.Connection | None = sqlite3.connect(**kwargs, timeout=0, check_same_thread=False)
        self._conn.row_factory = dict_factory
        self._conn.execute("PRAGMA foreign_keys = 1")

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def in_transaction(self) -> bool:
        return self._conn is not None and self._conn.in_transaction

    async def execute_fetchall(self, sql: str, parameters: Any = ()) -> list[Any]:
        assert self._conn is not None, "connection closed"
        try:
            return self._conn.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                raise
        waiting = asyncio.ensure_future(asyncio.to_thread(self._wait_and_run, sql, parameters))
        try:
            return await asyncio.shield(waiting)
        except asyncio.CancelledError:
            # The statement goes on in its thread: keep the connection until it ends, so that no other
            # statement (a rollback, the next borrower) ever uses it at the same time.
            await asyncio.wait([waiting])
            raise

    def _wait_and_run(self, sql: str, parameters: Any) -> list[Any]:
        assert self._conn is not None
        self._conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        try:
            return self._conn.execute(sql, parameters).fetchall()
        finally:
            self._conn.execute("PRAGMA busy_timeout = 0")

    async def execute(self, sql: str, parameters: Any = ()) -> None:
        await self.execute_fetchall(sql, parameters)

    async def commit(self) -> None:
        await self.execute("COMMIT")

    async def rollback(self) -> None:
        await self.execute("ROLLBACK")

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class _PooledTransaction(SQLiteTransaction):
    """Piccolo's transaction, giving its connection back to the pool instead of closing it."""

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            engine = self.engine
            assert isinstance(engine, PooledSQLiteEngine)
            await engine.release(self.connection)
            engine.current_transaction.reset(self.context)
        return exception is None


def engine_for_url(url: str) -> Engine:
    """Make a Piccolo engine for ``sqlite:///path`` or ``postgresql://user@host:port/db``."""
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[1] if "sqlite:///" in url else "var/lomba_desa.sqlite3"
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return PooledSQLiteEngine(path=path, timeout=SQLITE_BUSY_TIMEOUT_S)
    if url.startswith(("postgres://", "postgresql://")):
        p = urlparse(url)
        config: dict[str, Any] = {
            "host": p.hostname or "127.0.0.1",
            "port": p.port or 5432,
            "database": (p.path or "/").lstrip("/") or "postgres",
            "user": unquote(p.username) if p.username else "postgres",
        }
        if p.password:
            config["password"] = unquote(p.password)
        return PostgresEngine(config=config)
    raise ValueError(f"Unsupported DATABASE_URL {url!r}: use sqlite:///PATH or postgresql://...")


def current_engine() -> Engine:
    from app.piccolo_app import ALL_TABLES

    return ALL_TABLES[0]._meta.db


def bind(engine: Engine) -> None:
    """Point every table at ``engine``."""
    from app.piccolo_app import ALL_TABLES

    for table in ALL_TABLES:
        table._meta.db = engine


def is_sqlite(engine: Engine | None = None) -> bool:
    return isinstance(engine or current_engine(), SQLiteEngine)


_sqlite_write_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


def _sqlite_write_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _sqlite_write_locks.get(loop)
    if lock is None:
        lock = _sqlite_write_locks[loop] = asyncio.Lock()
    return lock


@contextlib.asynccontextmanager
async def write_tx() -> AsyncIterator[Any]:
    """A write transaction on the current engine (IMMEDIATE on SQLite).

    On SQLite the writers of one process also queue on an asyncio lock before BEGIN IMMEDIATE: without
    it, concurrent requests of one worker wait in SQLite's busy handler, which sleeps up to 100 ms a
    turn (20 judges submitting at once took seconds). Other processes still meet the busy timeout.
    """
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        if engine.transaction_exists():
            async with engine.transaction(transaction_type=TransactionType.immediate) as tx:
                yield tx
            return
        async with _sqlite_write_lock(), engine.transaction(transaction_type=TransactionType.immediate) as tx:
            yield tx
    else:
        async with engine.transaction() as tx:
            yield tx


@contextlib.asynccontextmanager
async def read_tx() -> AsyncIterator[None]:
    """Run several reads on one connection (SQLite opens a connection per query otherwise).

    A DEFERRED transaction on SQLite (a consistent snapshot under WAL, never blocking writers); nothing on
    PostgreSQL, whose pool already keeps connections open. Inside a transaction it adds nothing.
    """
    engine = current_engine()
    if isinstance(engine, SQLiteEngine) and not engine.transaction_exists():
        async with engine.transaction(transaction_type=TransactionType.deferred):
            yield
    else:
        yield


async def start(engine: Engine) -> None:
    """Open what a serving process needs: WAL mode and reused connections on SQLite, a pool on PostgreSQL."""
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL")
        if isinstance(engine, PooledSQLiteEngine):
            engine.start_pool()
    elif isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=10)


async def stop(engine: Engine) -> None:
    if isinstance(engine, PooledSQLiteEngine):
        await engine.close_pool()
    if isinstance(engine, PostgresEngine):
        with contextlib.suppress(Exception):
            await engine.close_connection_pool()


def is_unique_violation(exc: BaseException) -> bool:
    """True when ``exc`` is a unique-constraint failure on either database."""
    name = type(exc).__name__
    text = str(exc)
    return name == "UniqueViolationError" or (
        name == "IntegrityError" and "UNIQUE constraint failed" in text
    )
