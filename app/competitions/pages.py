"""What every committee set-up page shares: the competition, the tabs, the form, the notices.

Words: a *tab* is one section of a competition (ringkasan, desa peserta, kriteria, tim penilai,
penugasan, progres, log audit), each its own page. A *notice* is the short confirmation shown after a
redirect, named by a code in the ``ok`` query parameter.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.response import Template

from app.competitions import repo
from app.competitions.catalogue import plain
from app.i18n import N_, _
from app.web import client_address, current_user, render

TABS = [
    ("summary", "", N_("Summary")),
    ("entrants", "/entrants", N_("Villages")),
    ("criteria", "/criteria", N_("Criteria")),
    ("panel", "/panel", N_("Judging panel")),
    ("assignments", "/assignments", N_("Assignments")),
    ("progress", "/progress", N_("Progress")),
    ("documents", "/documents", N_("Documents")),
    ("audit", "/audit", N_("Audit log")),
]

NOTICES = {
    "created": N_("The competition was created. Next: choose its villages."),
    "saved": N_("Saved."),
    "status": N_("The status was changed."),
    "added": N_("The villages were added."),
    "imported": N_("The file was imported."),
    "removed": N_("Removed."),
    "judge": N_("The judge account was created."),
    "assigned": N_("The assignments were saved."),
    "conflict": N_("The conflict of interest was recorded; the judge's assignments for this village were removed."),
    "version": N_("A new criteria version was made. Change what is needed, then freeze it."),
    "frozen": N_("The criteria version is frozen."),
    "promoted": N_("The villages were promoted into the next-level competition."),
}


class Form:
    """A submitted form: ``data`` has the first value of each field, ``getall`` every value."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.data: dict[str, str] = {}
        for key in raw:
            value = raw.get(key)
            if isinstance(value, str):
                self.data[key] = value

    def getall(self, key: str) -> list[str]:
        return [v for v in self.raw.getall(key) if isinstance(v, str)] if key in self.raw else []

    async def file(self, key: str) -> tuple[str, bytes] | None:
        value = self.raw.get(key)
        if isinstance(value, UploadFile) and value.filename:
            return value.filename, await value.read()
        return None


async def form_of(request: Request[Any, Any, Any]) -> Form:
    return Form(await request.form())


def who(request: Request[Any, Any, Any]) -> tuple[int, str]:
    user = current_user(request)
    assert user is not None
    return user.id, client_address(request)


async def competition_or_404(competition_id: int) -> dict[str, Any]:
    comp = await repo.competition(competition_id)
    if comp is None:
        raise NotFoundException()
    return comp


async def page(request: Request[Any, Any, Any], template: str, comp: dict[str, Any], tab: str,
               status_code: int = 200, **context: Any) -> Template:
    ok = request.query_params.get("ok")
    notice = _(NOTICES[ok]) if ok in NOTICES else ""
    context.setdefault("errors", {})
    return render(request, template, status_code=status_code, comp=comp, tab=tab, tabs=TABS, notice=notice,
                  plain=plain, **context)
