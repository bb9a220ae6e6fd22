"""The command line: migrate, load-regions, create-user, create-token, serve's refusal."""

from __future__ import annotations

import os
import subprocess
import sys

from app.settings import ROOT
from tests.conftest import run_cli


def test_serve_refuses_without_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


def test_full_cli_path_on_a_fresh_sqlite_database(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    env = {"DATABASE_URL": url}
    run_cli("migrate", env=env)
    out = run_cli("load-regions", env=env).stdout
    assert "91599 regions loaded" in out
    run_cli("create-user", "ketua", "--role", "panitia", "--name", "Ketua Panitia", "--password", "kata-sandi-9",
            env=env)
    bad = run_cli("create-user", "x", "--role", "panitia", "--password", "short", env=env, check=False)
    assert bad.returncode == 2
    assert "8 characters" in bad.stderr
    token = run_cli("create-token", "ketua", env=env).stdout.strip()
    assert len(token) > 30
    missing = run_cli("create-token", "nobody", env=env, check=False)
    assert missing.returncode == 2
