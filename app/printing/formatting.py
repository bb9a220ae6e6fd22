"""Indonesian formatting of numbers, dates and NIPs for printed documents.

Words:
- Decimal comma, thousands dot (Babel locale ``id``): 1.234,50.
- NIP: the 18-digit civil-servant number, printed in groups 8-6-1-3 (birth date, CPNS start, sex,
  serial): "19680411 199303 1 009". A judge without a NIP prints "-".
- Display rounding: half up to the places asked. Official values are rounded by the scoring core
  before they reach a document; this only fixes how many decimals are shown.

Floats are refused everywhere: a score printed from a float can show noise.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from app.printing.words import date_words, terbilang

LOCALE = "id"
# Indonesia's three time zones, by UTC offset in hours.
_ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}


def fmt_decimal(value: Decimal | int | None, places: int = 2) -> str:
    """``Decimal("84.333")`` -> "84,33"; ``None`` -> "-"."""
    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"fmt_decimal() takes a Decimal or int, not {type(value).__name__}")
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return format_decimal(rounded, format=pattern, locale=LOCALE)


def fmt_int(value: int | None) -> str:
    """``1500000`` -> "1.500.000"."""
    return "-" if value is None else format_decimal(value, format="#,##0", locale=LOCALE)


def fmt_date_id(d: dt.date | None) -> str:
    """``date(2026, 11, 28)`` -> "28 November 2026" (pattern ``d MMMM y``, no leading zero)."""
    return "-" if d is None else format_date(d, "d MMMM y", locale=LOCALE)


def fmt_datetime_id(value: dt.datetime | None) -> str:
    """``2026-11-28 10:05+08:00`` -> "28 November 2026 pukul 10.05 WITA"; the zone only when aware."""
    if value is None:
        return "-"
    text = f"{fmt_date_id(value.date())} pukul {format_time(value.time(), 'HH.mm', locale=LOCALE)}"
    offset = value.utcoffset()
    if offset is not None:
        hours = offset.total_seconds() / 3600
        zone = _ZONES.get(int(hours)) if hours.is_integer() else None
        text += f" {zone}" if zone else f" UTC{hours:+g}"
    return text


def fmt_nip(nip: str | None) -> str:
    """``"196804111993031009"`` -> "19680411 199303 1 009"; empty -> "-"; other lengths as given."""
    digits = "".join(ch for ch in (nip or "") if not ch.isspace())
    if not digits:
        return "-"
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return digits


def register_filters(env: Any) -> None:
    """Add the filters to a Jinja2 Environment: decimal, int_id, date_id, datetime_id, nip, terbilang,
    date_words."""
    env.filters.update(
        decimal=fmt_decimal,
        int_id=fmt_int,
        date_id=fmt_date_id,
        datetime_id=fmt_datetime_id,
        nip=fmt_nip,
        terbilang=terbilang,
        date_words=date_words,  # a DateWords: prints as the BA phrase, has .day_name/.day/.month/.year
    )
