"""Evidence files a judge attaches to an indicator: a photo (JPEG, PNG) or a PDF.

Words: the *kind* of a file is decided by its first bytes (magic numbers), not by the name or the type the
browser declared; a file whose bytes do not match an accepted kind is refused. For photos the EXIF
``DateTimeOriginal`` and the GPS position are kept when present (where and when the photo was taken).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from app import clock
from app.audit.services import record
from app.db import write_tx
from app.i18n import N_
from app.judging import repo

MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
ACCEPT = ",".join(kind for _magic, kind in MAGIC)


class EvidenceRejected(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PhotoFacts:
    taken_at: str = ""
    lat: float | None = None
    lon: float | None = None


def sniff(data: bytes) -> str | None:
    """The accepted content type these bytes start with, or None."""
    return next((kind for magic, kind in MAGIC if data.startswith(magic)), None)


def _degrees(value: Any) -> float:
    d, m, s = (float(x) for x in value)
    return d + m / 60 + s / 3600


def photo_facts(data: bytes) -> PhotoFacts:
    """EXIF time and GPS of an image (empty when absent or unreadable)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            exif = img.getexif()
    except Exception:
        return PhotoFacts()
    taken = ""
    try:
        taken = str(exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132) or "")  # DateTimeOriginal, DateTime
    except Exception:
        taken = ""
    lat = lon = None
    try:
        gps = exif.get_ifd(0x8825)
        if gps and 2 in gps and 4 in gps:
            lat = _degrees(gps[2]) * (-1 if gps.get(1) == "S" else 1)
            lon = _degrees(gps[4]) * (-1 if gps.get(3) == "W" else 1)
    except Exception:
        lat = lon = None
    return PhotoFacts(taken_at=taken[:32], lat=lat, lon=lon)


async def add(
    entrant_id: int, stage_id: int, competition_id: int, user_id: int, indicator_code: str,
    filename: str, declared_type: str, data: bytes, max_bytes: int, ip: str = "",
) -> int:
    """Store one evidence file; ``EvidenceRejected`` when empty, too large or not an accepted kind."""
    if not data:
        raise EvidenceRejected(N_("The file is empty."))
    if len(data) > max_bytes:
        raise EvidenceRejected(N_("The file is larger than allowed."))
    kind = sniff(data)
    if kind is None or (declared_type and declared_type not in (kind, "application/octet-stream")):
        raise EvidenceRejected(N_("Only photos (JPEG, PNG) and PDF files are accepted."))
    facts = photo_facts(data) if kind != "application/pdf" else PhotoFacts()
    digest = hashlib.sha256(data).hexdigest()
    async with write_tx():
        evidence_id = await repo.insert_evidence(
            entrant=entrant_id, stage=stage_id, uploaded_by=user_id, indicator_code=indicator_code,
            filename=(filename or "bukti")[-255:], content_type=kind, size=len(data), sha256=digest, data=data,
            exif_time=facts.taken_at, gps_lat=facts.lat, gps_lon=facts.lon, uploaded_at=clock.now(),
        )
        await record(
            "upload_evidence", "evidence_file", evidence_id, user_id=user_id, competition_id=competition_id,
            ip=ip, after={"indicator": indicator_code, "type": kind, "size": len(data), "sha256": digest,
                          "exif_time": facts.taken_at, "gps": [facts.lat, facts.lon]},
        )
    return evidence_id
