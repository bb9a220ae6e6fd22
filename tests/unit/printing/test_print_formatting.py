import datetime as dt
from decimal import Decimal

import jinja2
import pytest

from app.printing.formatting import (
    fmt_date_id,
    fmt_datetime_id,
    fmt_decimal,
    fmt_int,
    fmt_nip,
    register_filters,
)


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("84.333"), 2, "84,33"),
        (Decimal("84.335"), 2, "84,34"),  # half up, not half even
        (Decimal("84.325"), 2, "84,33"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("406.375"), 2, "406,38"),
        (Decimal("87.5"), 1, "87,5"),
        (Decimal("3"), 0, "3"),
        (12, 2, "12,00"),
        (Decimal("-0.5"), 2, "-0,50"),
        (None, 2, "-"),
    ],
)
def test_fmt_decimal(value: Decimal | None, places: int, text: str) -> None:
    assert fmt_decimal(value, places) == text


def test_fmt_decimal_refuses_float() -> None:
    with pytest.raises(TypeError):
        fmt_decimal(84.33)  # type: ignore[arg-type]


def test_fmt_int() -> None:
    assert fmt_int(1_500_000) == "1.500.000"
    assert fmt_int(None) == "-"


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (dt.date(2026, 11, 28), "28 November 2026"),
        (dt.date(2026, 3, 5), "5 Maret 2026"),  # no leading zero
        (dt.date(2027, 2, 1), "1 Februari 2027"),
        (None, "-"),
    ],
)
def test_fmt_date_id(d: dt.date | None, text: str) -> None:
    assert fmt_date_id(d) == text


@pytest.mark.parametrize(
    ("hours", "zone"), [(7, "WIB"), (8, "WITA"), (9, "WIT"), (0, "UTC+0"), (5.5, "UTC+5.5")]
)
def test_fmt_datetime_id_zones(hours: float, zone: str) -> None:
    tz = dt.timezone(dt.timedelta(hours=hours))
    assert (
        fmt_datetime_id(dt.datetime(2026, 11, 28, 9, 5, tzinfo=tz)) == f"28 November 2026 pukul 09.05 {zone}"
    )


def test_fmt_datetime_id_naive_has_no_zone() -> None:
    assert fmt_datetime_id(dt.datetime(2026, 11, 28, 15, 42)) == "28 November 2026 pukul 15.42"


@pytest.mark.parametrize(
    ("nip", "text"),
    [
        ("196804111993031009", "19680411 199303 1 009"),
        ("19680411 199303 1 009", "19680411 199303 1 009"),
        ("", "-"),
        (None, "-"),
        ("12345", "12345"),
    ],
)
def test_fmt_nip(nip: str | None, text: str) -> None:
    assert fmt_nip(nip) == text


def test_register_filters() -> None:
    env = jinja2.Environment(autoescape=True)
    register_filters(env)
    out = env.from_string(
        "{{ v|decimal }} {{ d|date_id }} {{ n|nip }} {{ 2026|terbilang }} | {{ d|date_words }}"
    ).render(v=Decimal("84.333"), d=dt.date(2026, 11, 28), n="196804111993031009")
    assert out == (
        "84,33 28 November 2026 19680411 199303 1 009 dua ribu dua puluh enam | "
        "Sabtu tanggal Dua Puluh Delapan bulan November tahun Dua Ribu Dua Puluh Enam"
    )
