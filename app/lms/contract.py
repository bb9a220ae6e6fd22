"""The LMS certificate contract: the values that cross the boundary between the app and an LMS.

Words used here:

- *identity*: how an official is known to the LMS: an e-mail address, a phone number or an LMS user id.
  A lookup asks by exactly one of them (see `LmsIdentity.query`).
- *certificate*: one course certificate as the LMS reports it (number, course, holder, issue date, status).
- *counting status*: a certificate status that makes an official *verified*. Exactly the statuses in
  `VERIFIED_STATUSES` (compared after `strip().lower()`): ``valid``, ``active``, ``aktif``, ``berlaku``.
  Anything else (``expired``, ``revoked``, ``kedaluwarsa``, ``dicabut``, empty, ...) does not count.
- *result*: the stored outcome of one lookup, exactly one of these strings:

  ========================  ====================================================================
  ``terverifikasi``         the LMS answered; at least one certificate has a counting status
  ``tidak_ditemukan``       the LMS answered; the identity is unknown, or has no certificate with
                            a counting status (expired/revoked ones are kept as evidence)
  ``galat``                 the LMS was asked but gave no usable answer (timeouts, 5xx after all
                            retries, malformed body, 401, ...)
  ``tertunda``              the LMS was not asked (circuit breaker open); try again later
  ========================  ====================================================================

  Only ``terverifikasi`` and ``tidak_ditemukan`` are *definitive*: a failing LMS never yields
  ``tidak_ditemukan``. Display text for these codes is the app's job, not this module's.

This module does no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

Result = Literal["terverifikasi", "tidak_ditemukan", "galat", "tertunda"]
VERIFIED: Result = "terverifikasi"
NOT_FOUND: Result = "tidak_ditemukan"
ERROR: Result = "galat"
PENDING: Result = "tertunda"
RESULTS: tuple[Result, ...] = (VERIFIED, NOT_FOUND, ERROR, PENDING)
DEFINITIVE_RESULTS: frozenset[str] = frozenset({VERIFIED, NOT_FOUND})

Source = Literal["http", "import", "manual"]
SOURCE_HTTP: Source = "http"
SOURCE_IMPORT: Source = "import"
SOURCE_MANUAL: Source = "manual"

VERIFIED_STATUSES: frozenset[str] = frozenset({"valid", "active", "aktif", "berlaku"})

IdentityKind = Literal["email", "phone", "user_id"]
IDENTITY_KINDS: tuple[IdentityKind, ...] = ("email", "phone", "user_id")


def normalise_email(value: str) -> str:
    return value.strip().lower()


def normalise_phone(value: str) -> str:
    """Digits only, Indonesian numbers in international form: ``0812-3456`` -> ``628123456``."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def normalise_user_id(value: str) -> str:
    return value.strip()


NORMALISERS = {"email": normalise_email, "phone": normalise_phone, "user_id": normalise_user_id}


@dataclass(frozen=True)
class LmsIdentity:
    """How one official is known to the LMS; at least one field is set (blank strings count as unset).

    Values are stored normalised (see `normalise_*`), so two spellings of one address are one identity.
    """

    email: str | None = None
    phone: str | None = None
    user_id: str | None = None

    def __post_init__(self) -> None:
        for kind in IDENTITY_KINDS:
            raw = getattr(self, kind)
            value = NORMALISERS[kind](raw) if raw is not None else ""
            object.__setattr__(self, kind, value or None)
        if not (self.email or self.phone or self.user_id):
            raise ValueError("LmsIdentity needs an email, a phone or a user_id")

    @property
    def query(self) -> tuple[IdentityKind, str]:
        """The one (kind, value) a lookup asks by: e-mail first, then phone, then user id."""
        for kind in IDENTITY_KINDS:
            value = getattr(self, kind)
            if value:
                return kind, value
        raise AssertionError("unreachable: __post_init__ guarantees one field")  # pragma: no cover

    @property
    def key(self) -> str:
        """A stable text key such as ``email:budi@desa.id``, used by caches."""
        kind, value = self.query
        return f"{kind}:{value}"


@dataclass(frozen=True)
class Certificate:
    """One certificate as reported by the LMS. Texts are kept as given; `issue_date` is the raw text."""

    number: str
    course_code: str
    course_title: str
    holder_name: str
    issue_date: str | None
    status: str

    def counts(self, statuses: frozenset[str] = VERIFIED_STATUSES) -> bool:
        """True when the status is a counting status (see the module docstring)."""
        return self.status.strip().lower() in statuses

    @property
    def issued_on(self) -> date | None:
        """The issue date when the text starts with an ISO date (``2025-01-31`` or a timestamp)."""
        if not self.issue_date:
            return None
        try:
            return date.fromisoformat(self.issue_date.strip()[:10])
        except ValueError:
            return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "course_code": self.course_code,
            "course_title": self.course_title,
            "holder_name": self.holder_name,
            "issue_date": self.issue_date,
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Certificate:
        return cls(
            number=str(data.get("number") or ""),
            course_code=str(data.get("course_code") or ""),
            course_title=str(data.get("course_title") or ""),
            holder_name=str(data.get("holder_name") or ""),
            issue_date=None if data.get("issue_date") is None else str(data["issue_date"]),
            status=str(data.get("status") or ""),
        )


def result_for(certificates: Iterable[Certificate], statuses: frozenset[str] = VERIFIED_STATUSES) -> Result:
    """The definitive result for an answer that listed these certificates."""
    return VERIFIED if any(c.counts(statuses) for c in certificates) else NOT_FOUND


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class LookupOutcome:
    """The evidence of one lookup: result, certificates found, last HTTP status, SHA-256 of the last raw
    response body (hex), an error text for `galat`/`tertunda`, how many HTTP attempts were made, and when.
    """

    result: Result
    certificates: tuple[Certificate, ...] = ()
    http_status: int | None = None
    response_sha256: str | None = None
    error: str | None = None
    attempts: int = 0
    checked_at: datetime = field(default_factory=_utcnow)

    def __post_init__(self) -> None:
        if self.result not in RESULTS:
            raise ValueError(f"unknown result {self.result!r}")

    @property
    def definitive(self) -> bool:
        return self.result in DEFINITIVE_RESULTS

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for storing the evidence)."""
        return {
            "result": self.result,
            "certificates": [c.to_dict() for c in self.certificates],
            "http_status": self.http_status,
            "response_sha256": self.response_sha256,
            "error": self.error,
            "attempts": self.attempts,
            "checked_at": self.checked_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LookupOutcome:
        return cls(
            result=data["result"],
            certificates=tuple(Certificate.from_dict(c) for c in data.get("certificates") or ()),
            http_status=data.get("http_status"),
            response_sha256=data.get("response_sha256"),
            error=data.get("error"),
            attempts=int(data.get("attempts") or 0),
            checked_at=datetime.fromisoformat(data["checked_at"]),
        )
