import datetime as dt
from decimal import Decimal

import pytest

from app.printing.words import date_in_words, date_words, terbilang, terbilang_decimal, title_case_words

# The golden table of DOCUMENTS.md §3.2, plus the larger scales.
GOLDEN = [
    (0, "nol"),
    (1, "satu"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (28, "dua puluh delapan"),
    (100, "seratus"),
    (101, "seratus satu"),
    (111, "seratus sebelas"),
    (200, "dua ratus"),
    (999, "sembilan ratus sembilan puluh sembilan"),
    (1_000, "seribu"),
    (1_001, "seribu satu"),
    (2_000, "dua ribu"),
    (101_000, "seratus satu ribu"),
    (111_111, "seratus sebelas ribu seratus sebelas"),
    (1_000_000, "satu juta"),
    (1_001_000, "satu juta seribu"),
    (2_001_000, "dua juta seribu"),
    (2026, "dua ribu dua puluh enam"),
    (1_500_000, "satu juta lima ratus ribu"),
    (1_000_000_000, "satu miliar"),
    (3_000_000_000_000, "tiga triliun"),
    (1_000_000_000_000_000, "seribu triliun"),
]


@pytest.mark.parametrize(("n", "words"), GOLDEN)
def test_terbilang_golden(n: int, words: str) -> None:
    assert terbilang(n) == words


def test_terbilang_negative() -> None:
    assert terbilang(-28) == "minus dua puluh delapan"


@pytest.mark.parametrize("bad", [1.5, "12", True, Decimal("3")])
def test_terbilang_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        terbilang(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Decimal("87.25"), "delapan puluh tujuh koma dua lima"),
        (Decimal("87.50"), "delapan puluh tujuh koma lima nol"),
        (Decimal("0.05"), "nol koma nol lima"),
        (Decimal("12"), "dua belas"),
        (7, "tujuh"),
        (Decimal("-1.5"), "minus satu koma lima"),
    ],
)
def test_terbilang_decimal(value: Decimal, words: str) -> None:
    assert terbilang_decimal(value) == words


def test_terbilang_decimal_refuses_float() -> None:
    with pytest.raises(TypeError):
        terbilang_decimal(0.1)  # type: ignore[arg-type]


def test_title_case_words() -> None:
    assert title_case_words("dua puluh delapan") == "Dua Puluh Delapan"


def test_date_in_words_the_ba_opening() -> None:
    assert date_in_words(dt.date(2026, 11, 28)) == (
        "Sabtu tanggal Dua Puluh Delapan bulan November tahun Dua Ribu Dua Puluh Enam"
    )


@pytest.mark.parametrize(
    ("d", "day_name", "day", "month", "year"),
    [
        (dt.date(2026, 3, 5), "Kamis", "Lima", "Maret", "Dua Ribu Dua Puluh Enam"),
        (dt.date(2027, 1, 1), "Jumat", "Satu", "Januari", "Dua Ribu Dua Puluh Tujuh"),
        (dt.date(2026, 8, 17), "Senin", "Tujuh Belas", "Agustus", "Dua Ribu Dua Puluh Enam"),
        (dt.date(2026, 5, 31), "Minggu", "Tiga Puluh Satu", "Mei", "Dua Ribu Dua Puluh Enam"),
    ],
)
def test_date_words_pieces(d: dt.date, day_name: str, day: str, month: str, year: str) -> None:
    words = date_words(d)
    assert (words.day_name, words.day, words.month, words.year) == (day_name, day, month, year)
    assert str(words) == f"{day_name} tanggal {day} bulan {month} tahun {year}"
