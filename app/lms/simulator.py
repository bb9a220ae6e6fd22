"""A bundled LMS Pamong Desa simulator: a real HTTP server speaking the contract in docs/lms-contract.md.

Words used here:

- *switches*: how badly the simulated LMS behaves (`SimConfig`): latency, random 5xx / timeouts /
  malformed bodies, rate limiting with Retry-After, down, an auth token, the response shape. They are set
  by CLI flags at start and changed at run time with ``POST /_sim/config``.
- *timeout*: the simulator holds the request for `hang_seconds` (longer than the client's read timeout)
  and then answers normally; the client has given up by then.
- *script*: per identity, a list of what the next requests get, consumed one per request:
  an HTTP status (``503``, ``429``, ``200``), ``"timeout"``, ``"malformed"`` or ``"ok"``. While an identity
  has script entries left, the random switches do not apply to it, so tests are deterministic.
- *requests*: the counter of ``GET /api/v1/certificates`` calls (control endpoints are not counted).

Endpoints: ``GET /api/v1/certificates?email=|phone=|user_id=``; ``GET /_sim/stats``; ``GET|POST
/_sim/config``; ``POST /_sim/reset`` (counters, script and switches back to how the server started).
The records themselves come from `sim_data`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, deque
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import uvicorn
from litestar import Litestar, Request, Response, get, post

from app.lms.contract import IDENTITY_KINDS, NORMALISERS
from app.lms.sim_data import nested_shape, simulated_certificates

API_PATH = "/api/v1/certificates"
MALFORMED_BODY = b'{"certificates": [{"number": "LMSPD/2025/PD-1'


@dataclass(frozen=True)
class SimConfig:
    """The simulator's switches. Rates are probabilities per request, drawn in this order: error, timeout,
    malformed. `rate_limit_every` = N answers every Nth request with 429 and ``Retry-After: retry_after``.
    `down` answers every request with 503. `shape` is ``standard`` or ``nested``."""

    latency_ms: float = 0.0
    latency_jitter_ms: float = 0.0
    error_rate: float = 0.0
    error_status: int = 503
    timeout_rate: float = 0.0
    hang_seconds: float = 30.0
    malformed_rate: float = 0.0
    rate_limit_every: int = 0
    retry_after: int = 1
    down: bool = False
    token: str | None = None
    auth_header: str = "X-API-Key"
    shape: str = "standard"
    seed: int = 0

    def __post_init__(self) -> None:
        if self.shape not in ("standard", "nested"):
            raise ValueError("shape must be 'standard' or 'nested'")
        for name in ("error_rate", "timeout_rate", "malformed_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")


SWITCH_NAMES = frozenset(f.name for f in fields(SimConfig))


def _script_key(value: str) -> str:
    """Script and fixture keys: ``kind:value`` or a bare value whose kind is guessed."""
    if ":" in value and value.split(":", 1)[0] in IDENTITY_KINDS:
        kind, raw = value.split(":", 1)
    elif "@" in value:
        kind, raw = "email", value
    elif value.strip().lstrip("+").replace("-", "").replace(" ", "").isdigit():
        kind, raw = "phone", value
    else:
        kind, raw = "user_id", value
    return f"{kind}:{NORMALISERS[kind](raw)}"


class SimState:
    """Switches, script, fixtures and counters of one running simulator."""

    def __init__(self, config: SimConfig, fixtures: dict[str, Any] | None = None) -> None:
        self.initial = config
        self.initial_fixtures = {_script_key(k): v for k, v in (fixtures or {}).items()}
        self.reset()

    def reset(self) -> None:
        self.generation = getattr(self, "generation", 0) + 1  # requests from before a reset are not counted
        self.config = self.initial
        self.fixtures = dict(self.initial_fixtures)
        self.script: dict[str, deque[int | str]] = {}
        self.rng = random.Random(self.config.seed)
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.by_status: Counter[str] = Counter()
        self.by_identity: Counter[str] = Counter()

    def configure(self, changes: dict[str, Any]) -> None:
        changes = dict(changes)
        script = changes.pop("script", None)
        fixtures = changes.pop("fixtures", None)
        unknown = set(changes) - SWITCH_NAMES
        if unknown:
            raise ValueError(f"unknown switches: {sorted(unknown)}")
        self.config = replace(self.config, **changes)
        if "seed" in changes:
            self.rng = random.Random(self.config.seed)
        if script is not None:
            self.script = {_script_key(k): deque(v) for k, v in script.items()}
        if fixtures is not None:
            self.fixtures.update({_script_key(k): v for k, v in fixtures.items()})

    def stats(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "in_flight": self.in_flight,
            "max_in_flight": self.max_in_flight,
            "by_status": dict(self.by_status),
            "by_identity": dict(self.by_identity),
        }

    def record(self, kind: str, value: str) -> list[dict[str, Any]] | None:
        key = f"{kind}:{value}"
        if key in self.fixtures:
            fixture: list[dict[str, Any]] | None = self.fixtures[key]
            return fixture
        return simulated_certificates(kind, value)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response[bytes]:
    return Response(
        content=json.dumps(data).encode(), status_code=status, media_type="application/json", headers=headers
    )


def create_simulator_app(state: SimState) -> Litestar:
    """The simulator as a Litestar app around `state`."""

    async def answer(request: Request[Any, Any, Any]) -> tuple[str | None, Response[bytes]]:
        cfg = state.config
        if cfg.latency_ms or cfg.latency_jitter_ms:
            jitter = state.rng.uniform(-cfg.latency_jitter_ms, cfg.latency_jitter_ms)
            await asyncio.sleep(max(0.0, cfg.latency_ms + jitter) / 1000)
        if cfg.token is not None and request.headers.get(cfg.auth_header) != cfg.token:
            return "401", _json({"detail": f"missing or wrong {cfg.auth_header}"}, 401)
        query = [(k, request.query_params.get(k)) for k in IDENTITY_KINDS]
        given = [(k, v) for k, v in query if v]
        if not given:
            return "400", _json({"detail": "give one of email, phone, user_id"}, 400)
        kind, value = given[0][0], NORMALISERS[given[0][0]](given[0][1] or "")
        key = f"{kind}:{value}"
        state.by_identity[key] += 1
        if cfg.down:
            return "503", _json({"detail": "service unavailable"}, 503)
        action: int | str | None = None
        steps = state.script.get(key)
        if steps:
            action = steps.popleft()
        else:
            if cfg.rate_limit_every and state.requests % cfg.rate_limit_every == 0:
                action = 429
            else:
                draw = state.rng.random()
                if draw < cfg.error_rate:
                    action = cfg.error_status
                elif draw < cfg.error_rate + cfg.timeout_rate:
                    action = "timeout"
                elif draw < cfg.error_rate + cfg.timeout_rate + cfg.malformed_rate:
                    action = "malformed"
        if action == "timeout":
            state.by_status["timeout"] += 1
            await asyncio.sleep(cfg.hang_seconds)
        elif action == "malformed":
            return "malformed", Response(
                content=MALFORMED_BODY, status_code=200, media_type="application/json"
            )
        elif action == 429:
            return "429", _json({"detail": "too many requests"}, 429, {"Retry-After": str(cfg.retry_after)})
        elif isinstance(action, int) and action != 200:
            return str(action), _json({"detail": f"simulated HTTP {action}"}, action)
        label, response = normal_answer(kind, value, cfg.shape)
        return (None if action == "timeout" else label), response  # a timeout was counted when it began

    def normal_answer(kind: str, value: str, shape: str) -> tuple[str, Response[bytes]]:
        certificates = state.record(kind, value)
        if certificates is None:
            return "404", _json({"detail": "identity not found", "certificates": []}, 404)
        if shape == "nested":
            return "200", _json(nested_shape(certificates))
        return "200", _json({"identity": {kind: value}, "certificates": certificates})

    @get(API_PATH)
    async def certificates(request: Request[Any, Any, Any]) -> Response[bytes]:
        generation = state.generation
        state.requests += 1
        state.in_flight += 1
        state.max_in_flight = max(state.max_in_flight, state.in_flight)
        try:
            label, response = await answer(request)
        finally:
            if state.generation == generation:
                state.in_flight -= 1
        if state.generation == generation and label is not None:
            state.by_status[label] += 1
        return response

    @get("/_sim/stats")
    async def stats() -> dict[str, Any]:
        return state.stats()

    @get("/_sim/config")
    async def show_config() -> dict[str, Any]:
        return asdict(state.config)

    @post("/_sim/config", status_code=200)
    async def set_config(request: Request[Any, Any, Any]) -> Response[bytes]:
        try:
            data = json.loads(await request.body() or b"{}")
            if not isinstance(data, dict):
                raise ValueError("expected a JSON object")
            state.configure(data)
        except (TypeError, ValueError) as exc:
            return _json({"detail": str(exc)}, 400)
        return _json(asdict(state.config))

    @post("/_sim/reset", status_code=200)
    async def reset() -> dict[str, Any]:
        state.reset()
        return state.stats()

    # logging_config=None: a simulator inside a test process must not reconfigure that process's logging.
    return Litestar(
        [certificates, stats, show_config, set_config, reset], openapi_config=None, logging_config=None
    )


def _uvicorn_config(state: SimState, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        create_simulator_app(state),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws="none",
        timeout_graceful_shutdown=1,
        backlog=2048,
    )


def _load_fixtures(seed_file: str | Path | None) -> dict[str, Any] | None:
    if seed_file is None:
        return None
    fixtures: dict[str, Any] = json.loads(Path(seed_file).read_text(encoding="utf-8"))
    return fixtures


def run_simulator(
    host: str = "127.0.0.1", port: int = 8100, seed_file: str | Path | None = None, **switches: Any
) -> None:
    """Serve the simulator until interrupted (blocking). `switches` are `SimConfig` fields."""
    state = SimState(SimConfig(**switches), _load_fixtures(seed_file))
    print(f"LMS simulator on http://{host}:{port}{API_PATH}", flush=True)
    uvicorn.Server(_uvicorn_config(state, host, port)).run()


@dataclass
class SimulatorThread:
    """A simulator serving from a background thread of this process (tests). `state` is live."""

    url: str
    state: SimState
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_simulator_thread(
    host: str = "127.0.0.1", port: int = 0, fixtures: dict[str, Any] | None = None, **switches: Any
) -> SimulatorThread:
    """Start a simulator in a thread on `port` (0 = a free port) and wait until it accepts requests."""
    state = SimState(SimConfig(**switches), fixtures)
    server = uvicorn.Server(_uvicorn_config(state, host, port))
    thread = threading.Thread(target=server.run, name="lms-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("LMS simulator did not start")
        time.sleep(0.01)
    bound_port = server.servers[0].sockets[0].getsockname()[1]
    return SimulatorThread(f"http://{host}:{bound_port}", state, server, thread)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class SimulatorProcess:
    """A simulator running as a child process (demo, benchmarks)."""

    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _die_with_parent() -> None:
    """In the child: ask Linux to end the simulator when the process that started it ends."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the demo stops it in its own shutdown
        pass


def start_simulator_subprocess(
    port: int | None = None, host: str = "127.0.0.1", seed_file: str | Path | None = None, **switches: Any
) -> SimulatorProcess:
    """Start ``python -m app.lms.simulator`` with these switches and wait until it answers."""
    port = port or free_port(host)
    argv = [sys.executable, "-m", "app.lms.simulator", "--host", host, "--port", str(port)]
    if seed_file is not None:
        argv += ["--seed-file", str(seed_file)]
    for name, value in switches.items():
        if name not in SWITCH_NAMES:
            raise ValueError(f"unknown switch {name!r}")
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            argv += [flag] if value else []
        elif value is not None:
            argv += [flag, str(value)]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            with urllib.request.urlopen(url + "/_sim/stats", timeout=1):  # noqa: S310 (our own http URL)
                return SimulatorProcess(url, process)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"LMS simulator did not start on {url}") from None
            time.sleep(0.05)


class SimulatorControl:
    """The control endpoints of a running simulator, over HTTP (tests, benchmarks, the demo)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 (our own http URL)
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            result: dict[str, Any] = json.loads(response.read())
        return result

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Change switches (`SimConfig` fields), ``script`` or ``fixtures``; returns the switches."""
        return self._call("POST", "/_sim/config", changes)

    def reset(self) -> dict[str, Any]:
        """Counters, script, fixtures and switches back to how the server started."""
        return self._call("POST", "/_sim/reset", {})

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/_sim/stats")

    @property
    def requests(self) -> int:
        return int(self.stats()["requests"])


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lomba-desa lms-sim", description="Run the bundled LMS simulator.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8100)
    p.add_argument("--latency-ms", type=float, default=0.0, help="delay before every answer")
    p.add_argument("--latency-jitter-ms", type=float, default=0.0, help="uniform +/- around the latency")
    p.add_argument("--error-rate", type=float, default=0.0, help="share of requests answered 5xx")
    p.add_argument("--error-status", type=int, default=503)
    p.add_argument("--timeout-rate", type=float, default=0.0, help="share of requests held --hang-seconds")
    p.add_argument("--hang-seconds", type=float, default=30.0)
    p.add_argument("--malformed-rate", type=float, default=0.0, help="share answered with broken JSON")
    p.add_argument("--rate-limit-every", type=int, default=0, help="every Nth request gets 429")
    p.add_argument("--retry-after", type=int, default=1, help="Retry-After seconds on 429")
    p.add_argument("--down", action="store_true", help="answer every request with 503")
    p.add_argument("--token", default=None, help="require this token in --auth-header")
    p.add_argument("--auth-header", default="X-API-Key")
    p.add_argument("--shape", choices=("standard", "nested"), default="standard")
    p.add_argument("--seed", type=int, default=0, help="seed of the random switches")
    p.add_argument("--seed-file", default=None, help="JSON fixtures: {identity: [certificates] | null}")
    return p


def main(argv: list[str] | None = None) -> int:
    args = vars(build_parser().parse_args(argv))
    run_simulator(**args)  # uvicorn handles Ctrl-C and returns
    return 0


if __name__ == "__main__":
    sys.exit(main())
