"""``lomba-desa serve`` warns that the offline mode needs HTTPS when PUBLIC_URL is not https."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from app.settings import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _first_stderr_line(public_url: str, tmp_path: Path) -> str:
    env = {**os.environ, "SECRET_KEY": "w" * 48, "PUBLIC_URL": public_url,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite3'}", "LOG_LEVEL": "warning"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(_free_port())],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    try:
        assert proc.stderr is not None
        return proc.stderr.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if proc.stderr:
            proc.stderr.close()


def test_serve_warns_without_https(tmp_path: Path) -> None:
    line = _first_stderr_line("http://lombadesa.example", tmp_path)
    assert "PUBLIC_URL is not https" in line
    assert "offline" in line
