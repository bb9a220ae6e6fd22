"""Village officials (pamong / perangkat desa) and their LMS Pamong Desa certificate checks.

Words: an *official* belongs to an entrant's village; ``nik_encrypted`` holds the NIK encrypted with the
data key (never the plain NIK) and ``nik_hash`` a keyed hash (HMAC) for matching. A *certificate check* is
one recorded answer about one official: source ``http``, ``import`` or ``manual``; result
``terverifikasi``, ``tidak_ditemukan``, ``galat`` or ``tertunda``.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from app.auth.tables import User
from app.competitions.tables import Entrant
from app.jobs.tables import Job
from app.judging.tables import EvidenceFile

JABATAN = (
    "sekretaris_desa",
    "kaur_tu_umum",
    "kaur_keuangan",
    "kaur_perencanaan",
    "kasi_pemerintahan",
    "kasi_kesejahteraan",
    "kasi_pelayanan",
    "kepala_dusun",
    "staf",
)
RESULTS = ("terverifikasi", "tidak_ditemukan", "galat", "tertunda")
SOURCES = ("http", "import", "manual")


class Official(Table, tablename="official"):
    id: Serial
    entrant = ForeignKey(references=Entrant, null=False, on_delete=OnDelete.cascade)
    name = Varchar(length=200)
    jabatan = Varchar(length=32)
    sk_number = Varchar(length=100, default="")
    sk_date = Date(null=True, default=None)
    email = Varchar(length=200, default="")
    phone = Varchar(length=32, default="")
    lms_user_id = Varchar(length=64, default="")
    active = Boolean(default=True)
    nik_encrypted = Text(default="")
    nik_hash = Varchar(length=64, default="", index=True)
    nik_last4 = Varchar(length=4, default="")
    nik_prefix = Varchar(length=4, default="")
    created_at = Timestamptz()


class CertificateCheck(Table, tablename="certificate_check"):
    id: Serial
    official = ForeignKey(references=Official, null=False, on_delete=OnDelete.cascade)
    job = ForeignKey(references=Job, null=True, on_delete=OnDelete.set_null)
    started_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    source = Varchar(length=8)
    result = Varchar(length=16, index=True)
    certificates = JSON(default=[])
    http_status = Integer(null=True, default=None)
    response_sha256 = Varchar(length=64, default="")
    error = Text(default="")
    attested_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    evidence = ForeignKey(references=EvidenceFile, null=True, on_delete=OnDelete.set_null)
    checked_at = Timestamptz(index=True)
