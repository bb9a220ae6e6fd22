"""Settings from the environment."""

from __future__ import annotations

import pytest

from app.settings import Settings, SettingsError


def test_defaults_use_sqlite_under_var() -> None:
    s = Settings.from_env({})
    assert s.database_url.startswith("sqlite:///")
    assert s.database_url.endswith("var/lomba_desa.sqlite3")
    assert s.is_sqlite


def test_secret_is_required_and_explained() -> None:
    with pytest.raises(SettingsError, match="token_urlsafe"):
        Settings.from_env({}).require_secret()
    Settings.from_env({"SECRET_KEY": "x" * 40}).require_secret()


def test_bad_number_is_reported_by_name() -> None:
    with pytest.raises(SettingsError, match="LMS_READ_TIMEOUT"):
        Settings.from_env({"LMS_READ_TIMEOUT": "lama"})
    with pytest.raises(SettingsError, match="SESSION_DAYS"):
        Settings.from_env({"SESSION_DAYS": "seminggu"})


def test_lms_settings_come_from_the_environment() -> None:
    s = Settings.from_env({"LMS_BASE_URL": "https://lms.example.id/", "LMS_CONCURRENCY": "3"})
    assert s.lms.url == "https://lms.example.id/api/v1/certificates"
    assert s.lms.concurrency == 3


def test_data_key_differs_from_secret_and_is_stable() -> None:
    a = Settings.from_env({"SECRET_KEY": "x" * 40})
    b = Settings.from_env({"SECRET_KEY": "x" * 40, "DATA_KEY": "other"})
    assert a.fernet_key == Settings.from_env({"SECRET_KEY": "x" * 40}).fernet_key
    assert a.fernet_key != b.fernet_key
    assert a.public_url == "http://127.0.0.1:8000"
    assert not a.https
