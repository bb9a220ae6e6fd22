"""Settings: every knob of the app, read once from the environment into one frozen object.

Words: *settings* are what an operator sets through environment variables (documented in the README);
nothing else in the app reads ``os.environ``. ``Settings.from_env()`` is called once by the composition
root (``create_app``) and by the command line.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.lms.config import LmsSettings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = ROOT / "var" / "lomba_desa.sqlite3"


class SettingsError(Exception):
    """A setting is missing or malformed; the message says how to fix it."""


def _lms_settings(env: Mapping[str, str]) -> LmsSettings:
    try:
        return LmsSettings.from_env(env)
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc


def default_database_url() -> str:
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def generate_secret() -> str:
    """A fresh random secret, suitable for SECRET_KEY or DATA_KEY."""
    return secrets.token_urlsafe(48)


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    secret_key: str = ""
    public_url: str = "http://127.0.0.1:8000"
    # Key for encrypting personal data (NIK) at rest. Derived from SECRET_KEY when not set, so that a
    # demo works out of the box; production should set its own and keep it out of the database backups.
    data_key: str = ""
    # The LMS Pamong Desa lookup (LMS_* variables; see docs in the README).
    lms: LmsSettings = field(default_factory=LmsSettings)
    session_days: int = 7
    login_max_failures_account: int = 5
    login_max_failures_address: int = 20
    login_window_minutes: int = 15
    default_language: str = "id"
    upload_max_bytes: int = 10 * 1024 * 1024
    debug: bool = False
    # Each app worker runs queued background jobs (LMS checks, PDF batches); tests turn this off.
    run_jobs: bool = True
    env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = dict(os.environ if environ is None else environ)

        def num(name: str, default: float) -> float:
            raw = env.get(name)
            if raw in (None, ""):
                return default
            try:
                return float(raw)
            except ValueError as exc:
                raise SettingsError(f"{name} must be a number, got {raw!r}") from exc

        values: dict[str, object] = {
            "database_url": env.get("DATABASE_URL") or default_database_url(),
            "secret_key": env.get("SECRET_KEY", ""),
            "public_url": (env.get("PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/"),
            "data_key": env.get("DATA_KEY", ""),
            "lms": _lms_settings(env),
            "session_days": int(num("SESSION_DAYS", 7)),
            "login_max_failures_account": int(num("LOGIN_MAX_FAILURES_ACCOUNT", 5)),
            "login_max_failures_address": int(num("LOGIN_MAX_FAILURES_ADDRESS", 20)),
            "login_window_minutes": int(num("LOGIN_WINDOW_MINUTES", 15)),
            "default_language": env.get("DEFAULT_LANGUAGE") or "id",
            "upload_max_bytes": int(num("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)),
            "debug": env.get("DEBUG", "") in ("1", "true", "yes"),
            "run_jobs": env.get("RUN_JOBS", "1") not in ("0", "false", "no"),
            "env": env,
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def https(self) -> bool:
        return self.public_url.startswith("https://")

    def require_secret(self) -> None:
        if len(self.secret_key) < 32:
            raise SettingsError(
                "SECRET_KEY is not set (or shorter than 32 characters). Make one with\n"
                "    python -c 'import secrets; print(secrets.token_urlsafe(48))'\n"
                "and export it as SECRET_KEY before starting the server."
            )

    @property
    def fernet_key(self) -> bytes:
        """The key for personal data, as Fernet wants it (32 url-safe base64 bytes)."""
        material = self.data_key or ("nik:" + self.secret_key)
        return base64.urlsafe_b64encode(hashlib.sha256(material.encode()).digest())
