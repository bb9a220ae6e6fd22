"""NIK protection: shape check, encryption at rest, a keyed hash for matching, and masking.

Words:
- *NIK* (Nomor Induk Kependudukan): 16 digits ``PPKKSS DDMMYY NNNN``: province, kabupaten/kota and
  kecamatan of registration, the birth date (day + 40 for women) and a serial number.
- *vault*: the keys for one data key. ``encrypt``/``decrypt`` use Fernet (AES-128-CBC + HMAC) with
  ``Settings.fernet_key``; ``digest`` is an HMAC-SHA256 with a second key derived from the first, so that
  the stored hash is useless without the data key and the two keys never share bytes.
- *mask*: the first four and last four digits with eight stars between (``5201********0001``). The table
  keeps ``nik_prefix`` and ``nik_last4`` so lists show the mask without decrypting anything.

This module does not touch the database, and never logs or returns a NIK it was not given.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken

from app.i18n import _
from app.settings import Settings

NIK_LENGTH = 16
# Province codes of Kepmendagri (incl. the four Papua provinces formed in 2022).
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
     71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96}
)
_HASH_KEY_LABEL = b"lomba-desa/nik-hash/v1"


def normalize_nik(raw: str) -> str:
    """The NIK as typed, without spaces, dots and dashes people put in to read it."""
    return "".join(ch for ch in (raw or "").strip() if ch not in " .-\t")


def nik_problem(raw: str) -> str | None:
    """``None`` when ``raw`` has the shape of a NIK, else a message saying what is wrong.

    Checked: 16 digits; a province code that exists; kabupaten/kota and kecamatan not ``00``; a birth
    date with month 1-12 and a day that fits the month, 1-31 for men or 41-71 for women; serial not 0000.
    """
    nik = normalize_nik(raw)
    if not nik.isdigit() or len(nik) != NIK_LENGTH:
        return _("A NIK has exactly 16 digits (found %(count)d characters).") % {"count": len(nik)}
    if int(nik[0:2]) not in PROVINCES:
        return _("The NIK starts with %(code)s, which is not a province code.") % {"code": nik[0:2]}
    if nik[2:4] == "00" or nik[4:6] == "00":
        return _("Digits 3-6 of the NIK (kabupaten and kecamatan) cannot be 00.")
    day, month = int(nik[6:8]), int(nik[8:10])
    if not 1 <= month <= 12:
        return _("Digits 9-10 of the NIK are the birth month: %(month)s is not a month.") % {"month": nik[8:10]}
    real_day = day - 40 if day > 40 else day
    # Leap year 2000: 29 February is always allowed, since the century is not in the NIK.
    if not 1 <= real_day <= calendar.monthrange(2000, month)[1]:
        return _(
            "Digits 7-8 of the NIK are the birth day (1-31, or 41-71 for women): %(day)s does not fit."
        ) % {"day": nik[6:8]}
    if nik[12:16] == "0000":
        return _("The last four digits of the NIK cannot be 0000.")
    return None


def mask(prefix: str, last4: str) -> str:
    """``5201********0001`` from the stored first and last four digits; ``""`` when there is no NIK."""
    if not prefix and not last4:
        return ""
    return f"{prefix}{'*' * (NIK_LENGTH - 8)}{last4}"


def mask_nik(nik: str) -> str:
    """The mask of a whole NIK."""
    nik = normalize_nik(nik)
    return mask(nik[:4], nik[-4:]) if nik else ""


@dataclass(frozen=True)
class ProtectedNik:
    """What the ``official`` table stores for one NIK."""

    nik_encrypted: str
    nik_hash: str
    nik_prefix: str
    nik_last4: str

    def columns(self) -> dict[str, str]:
        return {
            "nik_encrypted": self.nik_encrypted,
            "nik_hash": self.nik_hash,
            "nik_prefix": self.nik_prefix,
            "nik_last4": self.nik_last4,
        }


EMPTY_NIK = ProtectedNik("", "", "", "")


class NikVault:
    """Encrypt, decrypt and hash NIKs with one data key (``Settings.fernet_key``)."""

    def __init__(self, fernet_key: bytes) -> None:
        self._fernet = Fernet(fernet_key)
        raw = base64.urlsafe_b64decode(fernet_key)
        self._hash_key = hmac.new(raw, _HASH_KEY_LABEL, hashlib.sha256).digest()

    @classmethod
    def from_settings(cls, settings: Settings) -> NikVault:
        return cls(settings.fernet_key)

    def encrypt(self, nik: str) -> str:
        return self._fernet.encrypt(normalize_nik(nik).encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The NIK back; raises ``ValueError`` when the token was made with another key or altered."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except InvalidToken as exc:
            raise ValueError("the NIK cannot be decrypted with this data key") from exc

    def digest(self, nik: str) -> str:
        """The keyed hash (hex) that lets two rows with the same NIK be matched without decrypting."""
        return hmac.new(self._hash_key, normalize_nik(nik).encode(), hashlib.sha256).hexdigest()

    def protect(self, nik: str) -> ProtectedNik:
        """Everything the table stores for ``nik`` (already checked); ``EMPTY_NIK`` for an empty one."""
        nik = normalize_nik(nik)
        if not nik:
            return EMPTY_NIK
        return ProtectedNik(self.encrypt(nik), self.digest(nik), nik[:4], nik[-4:])
