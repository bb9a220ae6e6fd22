"""Every user-facing string has its Indonesian text; numbers and dates look Indonesian."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app import i18n
from app.i18n_tools import extracted, missing


def test_strings_are_found() -> None:
    assert len({msgid for msgid, _, _ in extracted()}) > 50


def test_every_string_has_an_indonesian_translation() -> None:
    todo = missing("id")
    assert todo == {}, "untranslated (run `uv run python -m app.i18n_tools missing`): " + ", ".join(
        f"{where}: {msgid!r}" for msgid, where in list(todo.items())[:20]
    )


def test_indonesian_by_default_english_on_request() -> None:
    assert i18n.gettext("Log in") == "Masuk"
    token = i18n.current_language.set("en")
    try:
        assert i18n.gettext("Log in") == "Log in"
    finally:
        i18n.current_language.reset(token)


def test_numbers_and_dates_indonesian_style() -> None:
    assert i18n.fmt_number(Decimal("84.33")) == "84,33"
    assert i18n.fmt_number(Decimal("1234.5")) == "1.234,50"
    assert i18n.fmt_date(dt.date(2026, 11, 28)) == "28 November 2026"
    assert i18n.fmt_date(dt.date(2026, 3, 5)) == "5 Maret 2026"
    moment = dt.datetime(2026, 11, 28, 2, 30, tzinfo=dt.UTC)
    assert i18n.fmt_datetime(moment) == "28 November 2026 10.30 WITA"
