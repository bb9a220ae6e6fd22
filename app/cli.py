"""The ``lomba-desa`` command line.

    lomba-desa demo [--port 8000]          fresh SQLite demo database, migrated, seeded, served
    lomba-desa serve [--host --port --workers]   production server (needs SECRET_KEY)
    lomba-desa migrate                     apply the database migrations
    lomba-desa load-regions [--prefix 52]  load the official region codes
    lomba-desa create-user USER --role R [--name N] [--password P]
    lomba-desa create-token USER [--name N]
    lomba-desa score RULESET.yaml SCORES.csv [--pleno PLENO.yaml] [--format json|table]
    lomba-desa lms-sim [--port 8100] [...]   the LMS Pamong Desa simulator
    lomba-desa seed-demo-scores            submit made-up ADM and KLAR sheets for the demo (a tie included)
    lomba-desa verify-snapshot FILE        check a downloaded result snapshot (hash and recomputation)
    lomba-desa check-lms COMPETITION_ID [--force]   check every village's certificates now (a job, run here)
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from app.settings import ROOT, Settings, SettingsError, generate_secret

os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DELEGATED: dict[str, tuple[str, str]] = {
    # command: (module, function taking argv and returning an exit status)
    "score": ("scoring.command", "main"),
    "lms-sim": ("app.lms.simulator", "main"),
}


def _run(coro: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coro)


async def _with_engine(fn: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    from app import db

    engine = db.engine_for_url(Settings.from_env().database_url)
    db.bind(engine)
    await db.start(engine)
    try:
        return await fn()
    finally:
        await db.stop(engine)


async def migrate_async() -> bool:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="lomba_desa", migration_id="all", fake=False)
    if not result.success:
        print(result.message, file=sys.stderr)
    return bool(result.success)


def cmd_migrate(_: argparse.Namespace) -> int:
    return 0 if _run(migrate_async()) else 1


def cmd_load_regions(args: argparse.Namespace) -> int:
    from app.regions.services import load_regions

    count = _run(_with_engine(lambda: load_regions(prefix=args.prefix or "")))
    print(f"{count} regions loaded")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from app.auth.services import create_user

    password = args.password or os.environ.get("LOMBA_DESA_PASSWORD") or getpass.getpass("Password: ")
    try:
        profile = {k: v for k, v in (("nip", args.nip), ("jabatan", args.jabatan), ("instansi", args.instansi)) if v}
        user_id = _run(
            _with_engine(lambda: create_user(args.username, password, args.role, args.name or "", **profile))
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"user {args.username} created (id {user_id}, role {args.role})")
    return 0


def cmd_create_token(args: argparse.Namespace) -> int:
    from app.auth.services import create_token

    try:
        token = _run(_with_engine(lambda: create_token(args.username, args.name or "")))
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(token)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    try:
        settings.require_secret()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not settings.https:
        print(
            "warning: PUBLIC_URL is not https. Browsers allow the offline mode only on HTTPS (or localhost):"
            " put the app behind a reverse proxy with HTTPS and set PUBLIC_URL=https://...",
            file=sys.stderr,
        )
    if settings.is_sqlite and args.workers > 1:
        print("warning: SQLite with several workers works, but PostgreSQL is the production database.",
              file=sys.stderr)
    return _uvicorn(args.host, args.port, args.workers, proxy=True)


def _uvicorn(host: str, port: int, workers: int, proxy: bool) -> int:
    import uvicorn

    uvicorn.run(
        "app.asgi:app",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=proxy,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        log_level=os.environ.get("LOG_LEVEL", "info"),
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo.seed import DEMO_PASSWORD, JUDGES

    db_path = Path(args.database or (ROOT / "var" / "demo.sqlite3"))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("SECRET_KEY", generate_secret())
    os.environ.setdefault("PUBLIC_URL", f"http://127.0.0.1:{args.port}")
    print(f"Preparing the demo database at {db_path} ...", flush=True)
    if not _run(migrate_async()):
        return 1

    async def seed() -> dict[str, Any]:
        from app.demo.scores import seed_demo_scores
        from app.demo.seed import seed_demo
        from app.regions.services import load_regions

        await load_regions()
        info = await seed_demo()
        info["sheets"] = await seed_demo_scores(info["competition_id"])
        return info

    info = _run(_with_engine(seed))
    extra = _start_demo_services(args)
    print("")
    print(f"Lomba Desa demo: http://127.0.0.1:{args.port}")
    print(f"Competition id {info['competition_id']}: Lomba Desa Tingkat Kabupaten Lombok Barat Tahun 2026"
          f" ({info['sheets']} score sheets already submitted; juri1's KLAR sheet for Kebon Ayu is still open)")
    print("Logins (password for all: " + DEMO_PASSWORD + "):")
    print("  admin    administrator")
    print("  panitia  committee")
    for username, name, *_ in JUDGES:
        print(f"  {username:<8} judge: {name}")
    for line in extra:
        print(line)
    print("", flush=True)
    try:
        return _uvicorn("127.0.0.1", args.port, 1, proxy=False)
    finally:
        for stop in _STOPS:
            stop()


_STOPS: list[Callable[[], None]] = []


def _start_demo_services(args: argparse.Namespace) -> list[str]:
    """The LMS simulator, started beside the demo app and pointed at by LMS_BASE_URL."""
    from app.lms.simulator import start_simulator_subprocess

    if os.environ.get("LMS_BASE_URL"):
        return [f"LMS: {os.environ['LMS_BASE_URL']} (from LMS_BASE_URL)"]
    sim = start_simulator_subprocess(port=args.lms_port, latency_ms=150)
    _STOPS.append(sim.stop)
    os.environ["LMS_BASE_URL"] = sim.url
    return [f"LMS Pamong Desa simulator: {sim.url} (lomba-desa lms-sim)"]


def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Seed the demo into the database of DATABASE_URL (migrated, regions loaded): for tests and trials."""
    from app.demo.scores import seed_demo_scores
    from app.demo.seed import seed_demo

    async def seed() -> dict[str, Any]:
        info = await seed_demo()
        if args.with_scores:
            info["sheets"] = await seed_demo_scores(info["competition_id"])
        return info

    info = _run(_with_engine(seed))
    sheets = f", {info['sheets']} sheets" if args.with_scores else ""
    print(f"demo competition {info['competition_id']} seeded{sheets}")
    return 0


def cmd_seed_demo_scores(_: argparse.Namespace) -> int:
    """Submit every ADM and KLAR sheet of the demo with made-up scores (two villages tie): for trials."""
    from app.demo.scores import seed_demo_scores

    try:
        count = _run(_with_engine(seed_demo_scores))
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{count} demo sheets submitted")
    return 0


def cmd_verify_snapshot(args: argparse.Namespace) -> int:
    """Exit 0 when the snapshot's hash matches and its result recomputes the same, else 1."""
    from app.results.snapshot import verify

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"GAGAL: berkas tidak dapat dibaca: {exc}", file=sys.stderr)
        return 1
    ok, messages = verify(raw)
    if ok:
        print("OK: " + "; ".join(messages))
        return 0
    print("GAGAL: snapshot tidak sah", file=sys.stderr)
    for message in messages:
        print(message, file=sys.stderr)
    return 1


def cmd_check_lms(args: argparse.Namespace) -> int:
    """Queue an LMS check of a whole competition and run it in this process, printing its progress.

    If a running app worker claims the job first, this command just follows it until it ends.
    """
    import contextlib
    import time

    from app.jobs import runner
    from app.lms import jobs

    settings = Settings.from_env()

    async def go() -> int:
        try:
            job_id = await jobs.enqueue_check("competition", args.competition_id, force=args.force)
        except jobs.ScopeNotFound:
            print(f"error: competition {args.competition_id} does not exist", file=sys.stderr)
            return 2
        print(f"job {job_id} queued (LMS {settings.lms.url}, concurrency {settings.lms.concurrency})", flush=True)
        started = time.perf_counter()
        stop = asyncio.Event()

        async def report() -> None:
            last: tuple[int, int] | None = None
            while not stop.is_set():
                job = await runner.get(job_id)
                if job is not None and (job["progress_done"], job["progress_total"]) != last:
                    last = (job["progress_done"], job["progress_total"])
                    print(f"  {last[0]}/{last[1]}  {time.perf_counter() - started:6.1f} s", flush=True)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=1.0)

        reporter = asyncio.create_task(report())
        try:
            while True:
                await runner.run_pending(settings, only=job_id)
                job = await runner.get(job_id)
                if job is None or job["status"] in ("done", "failed"):
                    break
                await asyncio.sleep(1.0)  # another worker is running it
        finally:
            stop.set()
            await reporter
        assert job is not None
        print(f"{job['status']} in {time.perf_counter() - started:.1f} s "
              f"({job['progress_done']}/{job['progress_total']}): {job['message']}")
        return 0 if job["status"] == "done" else 1

    return int(_run(_with_engine(go)))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in DELEGATED:
        module_name, function = DELEGATED[argv[0]]
        module = __import__(module_name, fromlist=[function])
        return int(getattr(module, function)(argv[1:]))

    parser = argparse.ArgumentParser(prog="lomba-desa", description="Lomba Desa: village competition assessment")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="run the app with demo data on a fresh SQLite database")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--database", help="SQLite file for the demo (default var/demo.sqlite3)")
    p.add_argument("--lms-port", type=int, default=8100)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="run the production server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="apply database migrations")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("load-regions", help="load the official Kemendagri region codes")
    p.add_argument("--prefix", help="only this region and what lies under it, e.g. 52")
    p.set_defaults(func=cmd_load_regions)

    p = sub.add_parser("create-user", help="create a user account")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["admin", "panitia", "juri"])
    p.add_argument("--name")
    p.add_argument("--password", help="(or LOMBA_DESA_PASSWORD, or asked)")
    p.add_argument("--nip")
    p.add_argument("--jabatan")
    p.add_argument("--instansi")
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("seed-demo", help="add the demo data to the current (migrated) database")
    p.add_argument("--with-scores", action="store_true", help="also the judges' submitted sheets")
    p.set_defaults(func=cmd_seed_demo)

    p = sub.add_parser("create-token", help="make a personal API token for a user (printed once)")
    p.add_argument("username")
    p.add_argument("--name")
    p.set_defaults(func=cmd_create_token)

    p = sub.add_parser("seed-demo-scores", help="submit the demo judges' ADM and KLAR sheets (made-up scores)")
    p.set_defaults(func=cmd_seed_demo_scores)

    p = sub.add_parser("verify-snapshot", help="check a downloaded result snapshot (snapshot-CODE.json)")
    p.add_argument("file")
    p.set_defaults(func=cmd_verify_snapshot)

    p = sub.add_parser("check-lms", help="check the LMS certificates of every village of a competition now")
    p.add_argument("competition_id", type=int)
    p.add_argument("--force", action="store_true", help="ask the LMS even when a recent answer is stored")
    p.set_defaults(func=cmd_check_lms)

    for name in DELEGATED:
        sub.add_parser(name, help=f"see `lomba-desa {name} --help`")

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
