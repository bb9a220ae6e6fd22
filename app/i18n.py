"""Languages: gettext through Babel, Bahasa Indonesia by default, English available.

Words: message ids are English; ``app/locales/id/LC_MESSAGES/*.po`` hold the Indonesian text. Every
``.po`` file of a language is read at start-up and merged into one catalogue, so that each part of the
app keeps its own file. The language of the current request lives in a context variable set by the
middleware; ``_()`` and the templates' ``{{ _("...") }}`` read it.

Numbers and dates use Babel's ``id`` locale: ``84,33`` and ``28 November 2026``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"
TIMEZONE = "Asia/Makassar"  # WITA: NTB's time zone.

current_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_language", default=DEFAULT_LANGUAGE
)


@cache
def translations(lang: str) -> Translations:
    """All ``.po`` files of ``lang`` merged into one catalogue (English needs none)."""
    merged = Translations()
    folder = LOCALES_DIR / lang / "LC_MESSAGES"
    for po_path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        part = Translations()
        for message in catalog:
            if message.id and message.string and not message.fuzzy:
                if isinstance(message.id, tuple):
                    part._catalog[(message.id[0], 0)] = message.string[0]
                    part._catalog[(message.id[0], 1)] = message.string[1]
                    part._catalog[message.id[0]] = message.string[0]
                else:
                    part._catalog[message.id] = message.string
        merged.merge(part)
    return merged


def gettext(message: str) -> str:
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark a module-level string for extraction; translate it later with ``_()`` at use time."""
    return message


def locale() -> Locale:
    return Locale.parse(current_language.get())


def fmt_number(value: Decimal | float | int | None, places: int = 2) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=current_language.get())


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = value.astimezone(_tz()).date()
    return format_date(value, "d MMMM y", locale=current_language.get())


def fmt_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "–"
    return format_datetime(value, "d MMMM y HH.mm", tzinfo=_tz(), locale=current_language.get()) + " WITA"


@cache
def _tz() -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(TIMEZONE)


def pick_language(cookie: str | None, user_pref: str | None, accept: str | None) -> str:
    for candidate in (cookie, user_pref):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE
