"""What a judge's tablet needs to work offline, and the backup file that carries a queue to the server.

Words:
- *bundle*: the list of everything "Siapkan offline" stores on the tablet for one judge: the app shell
  (CSS/JS), the judge's pages (home, the offline page), each assigned sheet's page, receipt and JSON, and
  each assigned village's officials page (manual LMS evidence). Only the judge's own assignments.
- *queue item*: a submission made on the tablet and not yet acknowledged by the server: the API body
  (``client_uuid``, ``base_version``, ``values``, ``notes``, ``remark``, ``device_time``) plus where it goes
  (``entrant_id``, ``stage_code``).
- *backup*: the queue exported to a JSON file (``FORMAT``); uploading it sends every item through
  ``app.judging.services.submit`` with the same rules as the API, so uploading twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.auth.services import CurrentUser
from app.competitions import repo as competitions
from app.i18n import N_, gettext
from app.judging import forms, services
from app.judging.services import SheetError, SubmissionIn

FORMAT = "lomba-desa-offline-backup"
MAX_ITEMS = 1000
SHELL = ("/static/app.css", "/static/sheet.css", "/static/sheet.js", "/static/offline.js")
# Sheets in these states (with a version) answer their page URL with a redirect to the receipt.
SUBMITTED = ("terkirim", "terkunci")


async def bundle(user: CurrentUser) -> dict[str, Any]:
    """The judge's bundle (see the module docstring); URLs are site-relative."""
    rows = await competitions.judge_assignments(user.id)
    sheets = []
    officials: dict[int, str] = {}
    for r in rows:
        entrant, stage = r["entrant_id"], r["stage_code"]
        base = f"/sheets/{entrant}/{stage}"
        has_version = bool(r.get("version"))
        sheets.append({
            "entrant_id": entrant, "stage_code": stage, "stage_name": r["stage_name"], "village": r["village"],
            "state": r["state"], "version": r.get("version"),
            "page_url": None if has_version and r["state"] in SUBMITTED else base,
            "receipt_url": f"{base}/receipt" if has_version else None,
            "api_url": f"/api/v1/sheets/{entrant}/{stage}",
        })
        officials.setdefault(entrant, f"/sheets/{entrant}/officials")
    pages = ["/", "/offline"]
    for s in sheets:
        pages += [u for u in (s["page_url"], s["receipt_url"], s["api_url"]) if u]
    pages += list(officials.values())
    return {
        "user": {"id": user.id, "username": user.username},
        "shell": list(SHELL),
        "pages": pages,
        "sheets": sheets,
        "officials": [{"entrant_id": e, "url": u} for e, u in officials.items()],
    }


# ------------------------------------------------------------------------------------------- backup
@dataclass(frozen=True)
class ItemResult:
    """What became of one backup item: an HTTP-like status and a plain message (already translated)."""

    index: int
    entrant_id: Any
    stage_code: Any
    village: str
    status: int
    message: str
    version: int | None = None


class BackupRefused(ValueError):
    """The file as a whole is not a backup of this user (message already translated)."""


def parse_backup(raw: bytes, user: CurrentUser) -> list[dict[str, Any]]:
    """The items of a backup file, or ``BackupRefused``."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupRefused(gettext(N_("This file is not a Lomba Desa backup."))) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("items"), list):
        raise BackupRefused(gettext(N_("This file is not a Lomba Desa backup.")))
    owner = data.get("user") if isinstance(data.get("user"), dict) else {}
    if owner.get("username") != user.username:
        raise BackupRefused(
            gettext(N_("This backup belongs to the judge %(name)s: log in as that judge to upload it."))
            % {"name": str(owner.get("username") or "?")}
        )
    items = data["items"]
    if len(items) > MAX_ITEMS:
        raise BackupRefused(gettext(N_("The file has too many items.")))
    return [i if isinstance(i, dict) else {} for i in items]


def _message(exc: SheetError) -> str:
    if isinstance(exc, services.Conflict):
        current = exc.extra.get("current_version")
        text = gettext(N_("The sheet changed on the server meanwhile (now version %(v)s): open the sheet, "
                          "compare and send it again if needed."))
        return text % {"v": current if current is not None else "–"}
    if isinstance(exc, services.SheetLocked):
        return gettext(N_("The sheet is locked: ask the committee to unlock it."))
    if isinstance(exc, services.NotAssigned):
        return gettext(N_("This village is not assigned to you for this stage."))
    if isinstance(exc, services.SheetNotFound):
        return gettext(N_("This sheet does not exist."))
    if isinstance(exc, services.Invalid):
        return gettext(N_("Some scores are missing or not valid: open the sheet and complete it."))
    return gettext(exc.message) if exc.message else ""


async def submit_item(user: CurrentUser, index: int, item: dict[str, Any], ip: str = "") -> ItemResult:
    """Send one backup item through the submission rules as ``user``."""
    entrant, stage = item.get("entrant_id"), item.get("stage_code")
    village = str(item.get("village") or "")
    if not isinstance(entrant, int) or not isinstance(stage, str):
        return ItemResult(index, entrant, stage, village, 422, gettext(N_("This item is damaged.")))
    try:
        data = forms.envelope(item)
    except forms.EnvelopeError:
        return ItemResult(index, entrant, stage, village, 422, gettext(N_("This item is damaged.")))
    try:
        sheet = await services.load_sheet(user.id, entrant, stage)
        village = sheet.village
        rec = await services.submit(sheet, SubmissionIn(**data), user.id, ip=ip)
    except SheetError as exc:
        return ItemResult(index, entrant, stage, village, exc.status, _message(exc),
                          exc.extra.get("current_version"))
    if rec.created:
        return ItemResult(index, entrant, stage, village, 201,
                          gettext(N_("Recorded as version %(v)d.")) % {"v": rec.version}, rec.version)
    return ItemResult(index, entrant, stage, village, 200,
                      gettext(N_("Already recorded earlier (version %(v)d): nothing changed.")) % {"v": rec.version},
                      rec.version)


async def import_backup(user: CurrentUser, raw: bytes, ip: str = "") -> list[ItemResult]:
    """Every item of the file, oldest first, through the rules; ``BackupRefused`` for a bad file."""
    items = parse_backup(raw, user)
    items.sort(key=lambda i: str(i.get("created_at") or ""))
    return [await submit_item(user, n, item, ip) for n, item in enumerate(items, start=1)]
