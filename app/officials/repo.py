"""Reading officials and their certificate checks for pages, imports and the LMS indicator.

Words:
- *latest check* of an official: their certificate check with the latest ``checked_at`` (ties: the
  higher id). An official's certificate status is the result of the latest check, whatever its source.
- *counted officials*: the active officials whose jabatan the LMS criterion counts (sekdes, kaur, kasi,
  kadus: ``COUNTED_JABATAN``; staff are not on the SK's list of perangkat desa).
- *status* ``belum_dicek``: no check yet (shown as "not checked").

Lists never decrypt a NIK: they read the stored prefix and last four digits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from app.competitions.tables import Assignment, Entrant
from app.officials.crypto import mask
from app.officials.tables import JABATAN, CertificateCheck, Official
from app.regions.tables import Region

COUNTED_JABATAN = tuple(j for j in JABATAN if j != "staf")
UNCHECKED = "belum_dicek"
PROVISIONAL_RESULTS = ("galat", "tertunda")

OFFICIAL_FIELDS = (
    Official.id, Official.entrant, Official.name, Official.jabatan, Official.sk_number, Official.sk_date,
    Official.email, Official.phone, Official.lms_user_id, Official.active, Official.nik_prefix,
    Official.nik_last4, Official.created_at,
)


class LmsShare(NamedTuple):
    """Counted active officials with a verified latest check, all counted active officials, and whether
    the figure is provisional (some counted official's latest check is ``galat``/``tertunda`` or missing)."""

    verified: int
    active: int
    provisional: bool


async def entrant_in(competition_id: int, entrant_id: int) -> dict[str, Any] | None:
    """The entrant with its village name, when it belongs to the competition."""
    row = await Entrant.select(
        Entrant.id, Entrant.competition, Entrant.region.code, Entrant.region.name,
        Entrant.competition.name.as_alias("competition_name"),
    ).where((Entrant.id == entrant_id) & (Entrant.competition == competition_id)).first()
    if row is None:
        return None
    return {"id": row["id"], "competition_id": row["competition"], "code": row["region.code"],
            "name": row["region.name"], "competition_name": row["competition_name"]}


async def entrant_by_id(entrant_id: int) -> dict[str, Any] | None:
    row = await Entrant.select(Entrant.competition).where(Entrant.id == entrant_id).first()
    return await entrant_in(row["competition"], entrant_id) if row else None


async def judge_assigned(judge_id: int, entrant_id: int) -> bool:
    """True when the judge is assigned to the entrant in any stage."""
    return await Assignment.exists().where((Assignment.judge == judge_id) & (Assignment.entrant == entrant_id))


async def latest_checks(official_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The latest check of each official (without the certificates JSON), keyed by official id."""
    ids = list(official_ids)
    if not ids:
        return {}
    rows = await CertificateCheck.select(
        CertificateCheck.id, CertificateCheck.official, CertificateCheck.result, CertificateCheck.source,
        CertificateCheck.checked_at, CertificateCheck.attested_by.full_name.as_alias("attested_by_name"),
        CertificateCheck.evidence,
    ).where(CertificateCheck.official.is_in(ids))
    latest: dict[int, dict[str, Any]] = {}
    for row in rows:
        current = latest.get(row["official"])
        if current is None or (row["checked_at"], row["id"]) > (current["checked_at"], current["id"]):
            latest[row["official"]] = row
    return latest


def _with_status(official: dict[str, Any], check: dict[str, Any] | None) -> dict[str, Any]:
    official["nik_masked"] = mask(official.pop("nik_prefix"), official.pop("nik_last4"))
    official["check"] = check
    official["status"] = check["result"] if check else UNCHECKED
    return official


async def officials_of(entrant_id: int, *, active_only: bool = False) -> list[dict[str, Any]]:
    """The entrant's officials (jabatan order, then name) with ``nik_masked``, ``check`` and ``status``."""
    query = Official.select(*OFFICIAL_FIELDS).where(Official.entrant == entrant_id)
    if active_only:
        query = query.where(Official.active.eq(True))
    rows = await query
    order = {j: i for i, j in enumerate(JABATAN)}
    rows.sort(key=lambda r: (not r["active"], order.get(r["jabatan"], 99), r["name"], r["id"]))
    checks = await latest_checks(r["id"] for r in rows)
    return [_with_status(r, checks.get(r["id"])) for r in rows]


async def official(official_id: int) -> dict[str, Any] | None:
    row = await Official.select(*OFFICIAL_FIELDS).where(Official.id == official_id).first()
    if row is None:
        return None
    return _with_status(row, (await latest_checks([official_id])).get(official_id))


async def nik_token(official_id: int) -> str:
    row = await Official.select(Official.nik_encrypted).where(Official.id == official_id).first()
    return row["nik_encrypted"] if row else ""


async def identities(competition_id: int, *, exclude_id: int | None = None) -> list[dict[str, Any]]:
    """Every official of the competition with the fields that identify them (for duplicates and matching)."""
    query = Official.select(
        Official.id, Official.entrant, Official.name, Official.email, Official.phone, Official.lms_user_id,
        Official.nik_hash, Official.active,
    ).where(Official.entrant.competition.id == competition_id)
    if exclude_id is not None:
        query = query.where(Official.id != exclude_id)
    return await query


def _share(officials: list[dict[str, Any]], checks: dict[int, dict[str, Any]]) -> LmsShare:
    counted = [o for o in officials if o["active"] and o["jabatan"] in COUNTED_JABATAN]
    results = [checks[o["id"]]["result"] if o["id"] in checks else None for o in counted]
    verified = sum(1 for r in results if r == "terverifikasi")
    provisional = any(r is None or r in PROVISIONAL_RESULTS for r in results)
    return LmsShare(verified, len(counted), provisional)


async def lms_share(entrant_id: int) -> LmsShare:
    """``(verified, active, provisional)`` of one entrant for the LMS indicator (see the module words)."""
    officials = await Official.select(Official.id, Official.jabatan, Official.active).where(
        Official.entrant == entrant_id
    )
    return _share(officials, await latest_checks(o["id"] for o in officials))


async def lms_shares(competition_id: int) -> dict[int, LmsShare]:
    """`lms_share` of every entrant of the competition, in two queries."""
    entrants = await Entrant.select(Entrant.id).where(Entrant.competition == competition_id)
    officials = await Official.select(Official.id, Official.entrant, Official.jabatan, Official.active).where(
        Official.entrant.competition.id == competition_id
    )
    checks = await latest_checks(o["id"] for o in officials)
    by_entrant: dict[int, list[dict[str, Any]]] = {e["id"]: [] for e in entrants}
    for o in officials:
        by_entrant.setdefault(o["entrant"], []).append(o)
    return {e["id"]: _share(by_entrant[e["id"]], checks) for e in entrants}


async def overview(competition_id: int) -> list[dict[str, Any]]:
    """Per entrant (village code order): counts of active officials by certificate status and the share."""
    entrants = await Entrant.select(Entrant.id, Entrant.region.code, Entrant.region.name).where(
        Entrant.competition == competition_id
    ).order_by(Entrant.region.code)
    officials = await Official.select(Official.id, Official.entrant, Official.jabatan, Official.active).where(
        Official.entrant.competition.id == competition_id
    )
    checks = await latest_checks(o["id"] for o in officials)
    kec_codes = {e["region.code"].rsplit(".", 1)[0] for e in entrants}
    kecamatan = {
        r["code"]: r["name"]
        for r in await Region.select(Region.code, Region.name).where(Region.code.is_in(list(kec_codes) or [""]))
    }
    out = []
    for e in entrants:
        mine = [o for o in officials if o["entrant"] == e["id"]]
        active = [o for o in mine if o["active"]]
        counts = dict.fromkeys(("terverifikasi", "tidak_ditemukan", "galat", "tertunda", UNCHECKED), 0)
        for o in active:
            counts[checks[o["id"]]["result"] if o["id"] in checks else UNCHECKED] += 1
        share = _share(mine, checks)
        out.append({
            "id": e["id"], "code": e["region.code"], "name": e["region.name"],
            "kecamatan": kecamatan.get(e["region.code"].rsplit(".", 1)[0], ""),
            "active": len(active), "counts": counts, "share": share,
        })
    return out
