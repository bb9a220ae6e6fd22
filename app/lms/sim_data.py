"""The simulator's answers: a deterministic, realistic certificate record for any identity.

Words used here:

- *bucket*: ``sha256("{kind}:{normalised value}")`` read as a number, modulo 100. It decides, once and for
  all, what the simulated LMS knows about an identity, so any demo official gets a stable answer without
  the simulator knowing the demo data:

  =======  ======================================================================  ===========
  bucket   record                                                                  result
  =======  ======================================================================  ===========
  0-54     1-2 certificates with status ``valid`` (a third also hold an expired     verified
           older one)
  55-69    1-2 certificates, all ``expired`` or ``revoked``                         not found
  70-89    unknown identity: HTTP 404                                               not found
  90-99    registered, no certificate yet: HTTP 200 with an empty list              not found
  =======  ======================================================================  ===========

- *fixtures*: exact records (from ``--seed-file`` or the control endpoint) that override the bucket for
  chosen identities; ``null`` means unknown (404).

No I/O here.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from app.lms.contract import NORMALISERS, VERIFIED_STATUSES

COURSES: tuple[tuple[str, str], ...] = (
    ("PD-101", "Perencanaan Pembangunan Desa"),
    ("PD-102", "Pengelolaan Keuangan Desa"),
    ("PD-103", "Administrasi Pemerintahan Desa"),
    ("PD-104", "Pengelolaan Aset Desa"),
)
GIVEN_NAMES = ("Ahmad", "Baiq", "Lalu", "Siti", "Muhammad", "Nur", "Hj. Rohani", "I Made", "Sri", "Agus")
FAMILY_NAMES = ("Hidayat", "Fitriani", "Saputra", "Rahman", "Wulandari", "Suhardi", "Aminah", "Zulkifli")
FIRST_ISSUE = date(2024, 10, 15)  # LMS Pamong Desa launch


def normalise(kind: str, value: str) -> str:
    return NORMALISERS[kind](value)


def _digest(kind: str, value: str) -> bytes:
    return hashlib.sha256(f"{kind}:{normalise(kind, value)}".encode()).digest()


def bucket(kind: str, value: str) -> int:
    return int.from_bytes(_digest(kind, value)[:4], "big") % 100


def _holder(kind: str, value: str, digest: bytes) -> str:
    if kind == "email":
        local = normalise(kind, value).split("@", 1)[0]
        words = [w for w in local.replace("_", ".").replace("-", ".").split(".") if w.isalpha()]
        if words:
            return " ".join(w.capitalize() for w in words)
    return f"{GIVEN_NAMES[digest[4] % len(GIVEN_NAMES)]} {FAMILY_NAMES[digest[5] % len(FAMILY_NAMES)]}"


def _certificate(digest: bytes, n: int, status: str, holder: str) -> dict[str, Any]:
    code, title = COURSES[(digest[6] + n) % len(COURSES)]
    issued = FIRST_ISSUE + timedelta(days=(digest[7 + n] * 3 + n * 40) % 330)
    serial = int.from_bytes(digest[10 + 2 * n : 13 + 2 * n], "big") % 1_000_000
    return {
        "number": f"LMSPD/{issued.year}/{code}/{serial:06d}",
        "course_code": code,
        "course_title": title,
        "holder_name": holder,
        "issue_date": issued.isoformat(),
        "status": status,
    }


def simulated_certificates(kind: str, value: str) -> list[dict[str, Any]] | None:
    """The record the simulator holds for an identity: a list of certificates, or None when unknown."""
    digest = _digest(kind, value)
    b = int.from_bytes(digest[:4], "big") % 100
    holder = _holder(kind, value, digest)
    count = 1 + digest[8] % 2
    if b < 55:
        certs = [_certificate(digest, n, "valid", holder) for n in range(count)]
        if digest[9] % 3 == 0:
            certs.append(_certificate(digest, 2, "expired", holder))
        return certs
    if b < 70:
        return [
            _certificate(digest, n, ("expired", "revoked")[(digest[9] + n) % 2], holder) for n in range(count)
        ]
    if b < 90:
        return None
    return []


def expected_verified(kind: str, value: str) -> bool:
    """Ground truth for tests and benchmarks: would a correct client call this identity verified?"""
    certs = simulated_certificates(kind, value) or []
    return any(c["status"] in VERIFIED_STATUSES for c in certs)


def nested_shape(certificates: list[dict[str, Any]]) -> dict[str, Any]:
    """The alternative response shape (``shape=nested``), for testing the field map."""
    return {
        "status": "ok",
        "data": {
            "total": len(certificates),
            "certs": [
                {
                    "cert_no": c["number"],
                    "course": {"code": c["course_code"], "title": c["course_title"]},
                    "holder": {"full_name": c["holder_name"]},
                    "issued_on": c["issue_date"],
                    "state": c["status"].upper(),
                }
                for c in certificates
            ],
        },
    }


NESTED_FIELD_MAP = {
    "items": "data.certs",
    "number": "cert_no",
    "course_code": "course.code",
    "course_title": "course.title",
    "holder_name": "holder.full_name",
    "issue_date": "issued_on",
    "status": "state",
}
