"""Numbers and dates written out in Indonesian words (*terbilang*).

Words:
- *terbilang*: a number spelled out, "dua ribu dua puluh enam" for 2026.
- *se-*: the prefix for a lone 1 in the hundreds or thousands slot: 100 "seratus", 1.000 "seribu",
  1.001.000 "satu juta seribu". A million is always "satu juta", never "sejuta".
- Date words: the opening of a Berita Acara, "Sabtu tanggal Dua Puluh Delapan bulan November tahun
  Dua Ribu Dua Puluh Enam"; number words there are Title Case and always generated from the real date.

This module only spells; it does not round and never takes floats (see DOCUMENTS.md §3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date

_ONES = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)
# Largest first; a lone 1 before "ribu" becomes "seribu", before the others it stays "satu juta" etc.
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _below_thousand(n: int) -> str:
    """Spell 0 < n < 1000 ("" for 0)."""
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return _join(f"{_ONES[tens]} puluh", _ONES[rest])
    hundreds, rest = divmod(n, 100)
    head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
    return _join(head, _below_thousand(rest))


def terbilang(n: int) -> str:
    """Spell a whole number in lower-case Indonesian: ``terbilang(1_001_000) == "satu juta seribu"``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"terbilang() takes an int, not {type(n).__name__}")
    if n < 0:
        return f"minus {terbilang(-n)}"
    if n == 0:
        return "nol"
    parts: list[str] = []
    for size, name in _SCALES:
        count, n = divmod(n, size)
        if count == 1 and size == 1000:
            parts.append("seribu")
        elif count:
            parts.append(f"{terbilang(count)} {name}")
    parts.append(_below_thousand(n))
    return _join(*parts)


def terbilang_decimal(value: Decimal | int) -> str:
    """Spell a decimal, fraction digit by digit: ``Decimal("87.25")`` -> "delapan puluh tujuh koma dua lima".

    The digits spelled are exactly those of the Decimal given: round it before calling.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return terbilang(value)
    if not isinstance(value, Decimal):
        raise TypeError(f"terbilang_decimal() takes a Decimal or int, not {type(value).__name__}")
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"cannot spell {value}")
    whole = terbilang(int(abs(value)))
    prefix = "minus " if sign and value != 0 else ""
    if exponent >= 0:
        return prefix + whole
    fraction = digits[exponent:] if len(digits) >= -exponent else (0,) * (-exponent - len(digits)) + digits
    return prefix + whole + " koma " + " ".join(_ONES[d] if d else "nol" for d in fraction)


def title_case_words(text: str) -> str:
    """Capitalise each word: "dua puluh delapan" -> "Dua Puluh Delapan" (the BA opening style)."""
    return " ".join(word[:1].upper() + word[1:] for word in text.split())


@dataclass(frozen=True)
class DateWords:
    """The four pieces of a date in a BA opening, each ready to print."""

    day_name: str  # "Sabtu" (Babel id, pattern EEEE)
    day: str  # "Dua Puluh Delapan"
    month: str  # "November" (Babel id, pattern MMMM)
    year: str  # "Dua Ribu Dua Puluh Enam"

    @property
    def text(self) -> str:
        return f"{self.day_name} tanggal {self.day} bulan {self.month} tahun {self.year}"

    def __str__(self) -> str:
        return self.text


def date_words(d: dt.date) -> DateWords:
    """Split a date into BA opening pieces; explicit Babel patterns avoid the "dd" leading zero of 'full'."""
    return DateWords(
        day_name=format_date(d, "EEEE", locale="id"),
        day=title_case_words(terbilang(d.day)),
        month=format_date(d, "MMMM", locale="id"),
        year=title_case_words(terbilang(d.year)),
    )


def date_in_words(d: dt.date) -> str:
    """The BA opening phrase of a date.

    ``date(2026, 11, 28)`` -> "Sabtu tanggal Dua Puluh Delapan bulan November tahun Dua Ribu Dua Puluh Enam".
    """
    return date_words(d).text
