"""Changing the officials register and recording certificate checks from the two fallbacks.

Words:
- *register import*: a CSV/XLSX of officials for one village. All or nothing: when any row has a problem
  nothing is written and every problem is reported with its line and column.
- *duplicate*: two officials of one competition sharing an e-mail, phone number, LMS user id or NIK
  (compared by keyed hash). Duplicates inside a file and against the officials already stored are problems.
- *LMS export import*: a completion export from the kabupaten LMS admin. Rows are matched to the
  competition's officials by LMS user id, e-mail or phone; each matched official gets one check with
  source ``import`` and result ``terverifikasi`` listing the certificates found, and the SHA-256 of the
  uploaded file as the response hash. Rows matching nobody are reported, not refused; malformed rows
  stop the whole import.
- *manual evidence*: a certificate photo or PDF uploaded by the committee or a judge assigned to the
  village, with the uploader's attestation; it gives a check with source ``manual`` and the attesting user.

Every change writes an audit row. A NIK goes into the audit log only masked; revealing one is logged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.audit.services import record
from app.auth.services import CurrentUser
from app.clock import now
from app.db import write_tx
from app.i18n import N_, _
from app.judging.tables import EvidenceFile
from app.officials import forms, repo
from app.officials.crypto import NikVault, mask_nik
from app.officials.forms import OfficialInput, Problem
from app.officials.tables import CertificateCheck, Official


class Forbidden(Exception):
    """The user may not do this for this village (e.g. a judge not assigned to it)."""


def _identity_keys(item: OfficialInput, nik_hash: str) -> list[tuple[str, str]]:
    keys = [("email", item.email), ("telepon", item.phone), ("lms_user_id", item.lms_user_id), ("nik", nik_hash)]
    return [(f, v) for f, v in keys if v]


def _stored_keys(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    keys = [("email", row["email"]), ("telepon", row["phone"]), ("lms_user_id", row["lms_user_id"]),
            ("nik", row["nik_hash"])]
    return [(f, (v or "").lower() if f == "email" else v) for f, v in keys if v]


DUPLICATE_MESSAGES = {
    "email": N_("This e-mail is already used by %(name)s."),
    "telepon": N_("This phone number is already used by %(name)s."),
    "lms_user_id": N_("This LMS user id is already used by %(name)s."),
    "nik": N_("This NIK is already registered for %(name)s."),
}


def _duplicate_message(field_name: str, who: str) -> str:
    return _(DUPLICATE_MESSAGES[field_name]) % {"name": who}


def _columns(item: OfficialInput, vault: NikVault) -> dict[str, Any]:
    values = {
        "name": item.name, "jabatan": item.jabatan, "sk_number": item.sk_number, "sk_date": item.sk_date,
        "email": item.email, "phone": item.phone, "lms_user_id": item.lms_user_id, "active": item.active,
    }
    if item.nik:
        values.update(vault.protect(item.nik).columns())
    return values


def _audit_view(values: Mapping[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of an official: everything but the NIK, which is kept masked."""
    out = {k: v for k, v in values.items() if not k.startswith("nik_")}
    if values.get("nik_prefix"):
        out["nik"] = f"{values['nik_prefix']}********{values['nik_last4']}"
    return out


async def save_official(
    vault: NikVault, actor: CurrentUser, competition_id: int, entrant_id: int, form: Mapping[str, str],
    official_id: int | None = None, ip: str = "",
) -> tuple[int | None, dict[str, list[str]]]:
    """Add (``official_id`` None) or edit one official from form fields named like the register columns.

    On edit an empty NIK keeps the stored one; ``hapus_nik`` = ``on`` removes it. Returns the id, or the
    problems by field.
    """
    item, problems = forms.parse_official(form)
    errors: dict[str, list[str]] = {}
    for _line, name, message in problems:
        errors.setdefault(name, []).append(message)
    nik_hash = vault.digest(item.nik) if item.nik else ""
    others = await repo.identities(competition_id, exclude_id=official_id)
    taken = {key: row["name"] for row in others for key in _stored_keys(row)}
    for key in _identity_keys(item, nik_hash):
        if key in taken:
            errors.setdefault(key[0], []).append(_duplicate_message(key[0], taken[key]))
    if errors:
        return None, errors
    values = _columns(item, vault)
    if official_id is not None and form.get("hapus_nik") == "on" and not item.nik:
        values.update({"nik_encrypted": "", "nik_hash": "", "nik_prefix": "", "nik_last4": ""})
    async with write_tx():
        if official_id is None:
            rows = await Official.insert(Official(entrant=entrant_id, created_at=now(), **values)).returning(
                Official.id
            )
            official_id = int(rows[0]["id"])
            action, before = "official_create", None
        else:
            before = await Official.select(*repo.OFFICIAL_FIELDS).where(
                (Official.id == official_id) & (Official.entrant == entrant_id)
            ).first()
            if before is None:
                return None, {"": [_("This official does not exist.")]}
            await Official.update(values).where(Official.id == official_id)
            action = "official_update"
        await record(action, "official", official_id, user_id=actor.id, competition_id=competition_id,
                     before=_audit_view(before) if before else None, after=_audit_view(values), ip=ip)
    return official_id, {}


async def set_active(
    actor: CurrentUser, competition_id: int, entrant_id: int, official_id: int, active: bool, ip: str = ""
) -> bool:
    """Activate or deactivate an official (they stay in the register; only active ones count)."""
    async with write_tx():
        changed = await Official.update({Official.active: active}).where(
            (Official.id == official_id) & (Official.entrant == entrant_id)
        ).returning(Official.id)
        if changed:
            await record("official_activate" if active else "official_deactivate", "official", official_id,
                         user_id=actor.id, competition_id=competition_id, after={"active": active}, ip=ip)
    return bool(changed)


async def reveal_nik(
    vault: NikVault, actor: CurrentUser, competition_id: int, entrant_id: int, official_id: int, ip: str = ""
) -> str | None:
    """The plain NIK for the committee, with an audit row ``reveal_nik``; ``None`` when there is none."""
    if not actor.is_committee:
        raise Forbidden()
    row = await Official.select(Official.nik_encrypted, Official.nik_prefix, Official.nik_last4).where(
        (Official.id == official_id) & (Official.entrant == entrant_id)
    ).first()
    if row is None or not row["nik_encrypted"]:
        return None
    nik = vault.decrypt(row["nik_encrypted"])
    async with write_tx():
        await record("reveal_nik", "official", official_id, user_id=actor.id, competition_id=competition_id,
                     after={"nik": mask_nik(nik)}, ip=ip)
    return nik


@dataclass
class RegisterImport:
    """The outcome of a register import: how many officials were added, or the problems (nothing added)."""

    created: int = 0
    problems: list[Problem] = field(default_factory=list)


async def import_officials(
    vault: NikVault, actor: CurrentUser, competition_id: int, entrant_id: int, filename: str, content: bytes,
    ip: str = "",
) -> RegisterImport:
    try:
        table = forms.read_table(filename, content, forms.OFFICIAL_COLUMNS, ("nama", "jabatan"), strict=True)
    except forms.FileProblem as exc:
        return RegisterImport(problems=[(1, "", str(exc))])
    if table.problems:
        return RegisterImport(problems=table.problems)
    if not table.rows:
        return RegisterImport(problems=[(1, "", _("The file has a header but no officials."))])
    problems: list[Problem] = []
    stored = await repo.identities(competition_id)
    taken: dict[tuple[str, str], str] = {key: row["name"] for row in stored for key in _stored_keys(row)}
    in_file: dict[tuple[str, str], int] = {}
    items: list[OfficialInput] = []
    for row in table.rows:
        item, row_problems = forms.parse_official(row.values, row.line)
        problems.extend(row_problems)
        for key in _identity_keys(item, vault.digest(item.nik) if item.nik else ""):
            if key in taken:
                problems.append((row.line, key[0], _duplicate_message(key[0], taken[key])))
            elif key in in_file:
                problems.append((row.line, key[0], _("The same value is already on line %(line)d.")
                                 % {"line": in_file[key]}))
            else:
                in_file[key] = row.line
        items.append(item)
    if problems:
        return RegisterImport(problems=sorted(problems, key=lambda p: p[0]))
    stamp = now()
    async with write_tx():
        await Official.insert(
            *[Official(entrant=entrant_id, created_at=stamp, **_columns(item, vault)) for item in items]
        )
        await record("officials_import", "entrant", entrant_id, user_id=actor.id, competition_id=competition_id,
                     after={"file": filename, "sha256": hashlib.sha256(content).hexdigest(), "rows": len(items)},
                     ip=ip)
    return RegisterImport(created=len(items))


@dataclass
class LmsImport:
    """The outcome of an LMS export import.

    ``matched``: (line, official name) of rows that gave a certificate; ``unmatched``: (line, identity) of
    rows matching no official (or two different ones); ``not_done``: lines whose status says the course is
    not completed; ``checks``: how many checks were written (one per matched official).
    """

    problems: list[Problem] = field(default_factory=list)
    matched: list[tuple[int, str]] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)
    not_done: list[int] = field(default_factory=list)
    checks: int = 0


def _match(row: forms.CompletionRow, index: dict[tuple[str, str], int]) -> set[int]:
    keys = [("lms_user_id", row.lms_user_id), ("email", row.email), ("telepon", row.phone)]
    return {index[k] for k in keys if k[1] and k in index}


async def import_lms_export(
    actor: CurrentUser, competition_id: int, filename: str, content: bytes, ip: str = ""
) -> LmsImport:
    out = LmsImport()
    try:
        table = forms.read_table(
            filename, content, forms.LMS_COLUMNS, ("no_sertifikat", "tanggal"), strict=False
        )
    except forms.FileProblem as exc:
        out.problems.append((1, "", str(exc)))
        return out
    out.problems.extend(table.problems)
    for group in (("email", "telepon", "lms_user_id"), ("kode_kursus", "judul_kursus")):
        if table.rows and not set(group) & table.columns:
            out.problems.append((1, group[0], _("The column “%(name)s” is missing.") % {"name": " / ".join(group)}))
    if out.problems:
        return out
    stored = await repo.identities(competition_id)
    names = {row["id"]: row["name"] for row in stored}
    index: dict[tuple[str, str], int] = {}
    for row in stored:
        for key in _stored_keys(row):
            if key[0] != "nik":
                index.setdefault(key, row["id"])
    certificates: dict[int, list[dict[str, str]]] = {}
    for raw in table.rows:
        row, problems = forms.parse_completion(raw)
        if problems or row is None:
            out.problems.extend(problems)
            continue
        if not row.done:
            out.not_done.append(row.line)
            continue
        found = _match(row, index)
        if len(found) != 1:
            out.unmatched.append((row.line, row.lms_user_id or row.email or row.phone))
            continue
        official_id = found.pop()
        certificates.setdefault(official_id, []).append(row.certificate())
        out.matched.append((row.line, names[official_id]))
    if out.problems:
        out.matched, out.unmatched, out.not_done = [], [], []
        return out
    digest = hashlib.sha256(content).hexdigest()
    stamp = now()
    async with write_tx():
        if certificates:
            await CertificateCheck.insert(*[
                CertificateCheck(official=oid, started_by=actor.id, source="import", result="terverifikasi",
                                 certificates=certs, response_sha256=digest, checked_at=stamp)
                for oid, certs in certificates.items()
            ])
        await record("lms_import", "competition", competition_id, user_id=actor.id, competition_id=competition_id,
                     after={"file": filename, "sha256": digest, "checks": len(certificates),
                            "unmatched": len(out.unmatched)}, ip=ip)
    out.checks = len(certificates)
    return out


async def may_handle_evidence(actor: CurrentUser, entrant_id: int) -> bool:
    """The committee, or a judge assigned to the village in any stage."""
    if actor.is_committee:
        return True
    return actor.role == "juri" and await repo.judge_assigned(actor.id, entrant_id)


async def add_manual_evidence(
    actor: CurrentUser, entrant_id: int, official_id: int, *, filename: str, content: bytes, attested: bool,
    max_bytes: int, certificate_number: str = "", course_title: str = "", ip: str = "",
) -> tuple[int | None, dict[str, list[str]]]:
    """Store a certificate photo/PDF with the uploader's attestation and a ``manual`` verified check.

    Raises ``Forbidden`` for a judge not assigned to the village. Returns the check id or the problems.
    """
    if not await may_handle_evidence(actor, entrant_id):
        raise Forbidden()
    target = await Official.select(Official.id, Official.name).where(
        (Official.id == official_id) & (Official.entrant == entrant_id)
    ).first()
    if target is None:
        return None, {"": [_("This official does not exist.")]}
    errors: dict[str, list[str]] = {}
    content_type = forms.evidence_type(content)
    if not content:
        errors["file"] = [_("Choose the certificate photo or PDF.")]
    elif len(content) > max_bytes:
        errors["file"] = [_("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}]
    elif content_type is None:
        errors["file"] = [_("Only JPEG or PNG photos and PDF files are accepted.")]
    if not attested:
        errors["attest"] = [_("Tick the statement to attest that the certificate matches the original.")]
    if errors:
        return None, errors
    assert content_type is not None
    digest = hashlib.sha256(content).hexdigest()
    stamp = now()
    competition = await repo.entrant_by_id(entrant_id)
    async with write_tx():
        evidence = await EvidenceFile.insert(EvidenceFile(
            entrant=entrant_id, stage=None, uploaded_by=actor.id, filename=(filename or "sertifikat")[:255],
            content_type=content_type, size=len(content), sha256=digest, data=content, uploaded_at=stamp,
        )).returning(EvidenceFile.id)
        evidence_id = int(evidence[0]["id"])
        certificate = {"certificate_number": certificate_number.strip()[:100],
                       "course_title": course_title.strip()[:200], "evidence_file": evidence_id}
        check = await CertificateCheck.insert(CertificateCheck(
            official=official_id, started_by=actor.id, source="manual", result="terverifikasi",
            certificates=[certificate], response_sha256=digest, attested_by=actor.id, evidence=evidence_id,
            checked_at=stamp,
        )).returning(CertificateCheck.id)
        check_id = int(check[0]["id"])
        await record("certificate_manual", "official", official_id, user_id=actor.id,
                     competition_id=competition["competition_id"] if competition else None,
                     after={"check": check_id, "evidence": evidence_id, "sha256": digest, "attested": True}, ip=ip)
    return check_id, {}


async def evidence_for(actor: CurrentUser, check_id: int) -> dict[str, Any] | None:
    """The evidence file of a manual check, for the committee or a judge assigned to the village."""
    row = await CertificateCheck.select(
        CertificateCheck.evidence.id, CertificateCheck.evidence.entrant, CertificateCheck.evidence.filename,
        CertificateCheck.evidence.content_type, CertificateCheck.evidence.data,
    ).where(CertificateCheck.id == check_id).first()
    if row is None or row["evidence.id"] is None:
        return None
    if not await may_handle_evidence(actor, row["evidence.entrant"]):
        raise Forbidden()
    return {"filename": row["evidence.filename"], "content_type": row["evidence.content_type"],
            "data": row["evidence.data"]}
