"""The offline mode's pages and endpoints.

    GET  /sw.js                     the service worker (root scope), never cached by HTTP caches
    GET  /offline                   "Siapkan offline", the queue, the backup download and upload, help
    POST /offline/backup            upload a backup file: each item through the submission rules
    GET  /api/v1/offline/bundle     what "Siapkan offline" stores (the judge's own sheets only)
    GET  /api/v1/session            {user, csrf_token}: the sync refreshes its CSRF token after a new login

The queue itself lives on the tablet (IndexedDB, ``app/static/offline.js``); the server keeps no state for
it: a queued submission carries its ``client_uuid``, so sending it again is a safe retry.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.datastructures import UploadFile
from litestar.response import Template

from app.i18n import gettext
from app.offline import services
from app.settings import ROOT
from app.web import client_address, csrf_for, current_user, judge_guard, render, user_guard

SW_PATH = ROOT / "app" / "static" / "sw.js"
MAX_BACKUP_BYTES = 5 * 1024 * 1024
NO_STORE = {"Cache-Control": "no-store"}


@get("/sw.js", name="service_worker", include_in_schema=False)
async def service_worker() -> Response[bytes]:
    return Response(
        SW_PATH.read_bytes(), media_type="application/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@get("/offline", name="offline_page", guards=[judge_guard])
async def offline_page(request: Request[Any, Any, Any]) -> Template:
    page = render(request, "offline/page.html", https=request.app.state.settings.https)
    page.headers.update(NO_STORE)
    return page


@post("/offline/backup", name="offline_backup", guards=[judge_guard], status_code=200)
async def offline_backup(request: Request[Any, Any, Any]) -> Template:
    user = current_user(request)
    assert user is not None
    form = await request.form()
    upload = form.get("file")
    error = None
    results: list[services.ItemResult] = []
    if not isinstance(upload, UploadFile) or not upload.filename:
        error = gettext("Choose the backup file (.json) first.")
    else:
        raw = await upload.read()
        if len(raw) > MAX_BACKUP_BYTES:
            error = gettext("The file is larger than allowed.")
        else:
            try:
                results = await services.import_backup(user, raw, ip=client_address(request))
            except services.BackupRefused as exc:
                error = str(exc)
    counts = {code: sum(1 for r in results if r.status == code) for code in {r.status for r in results}}
    page = render(
        request, "offline/backup_result.html", status_code=422 if error else 200, error=error,
        results=results, counts=counts,
    )
    page.headers.update(NO_STORE)
    return page


@get("/api/v1/offline/bundle", name="api_offline_bundle", guards=[judge_guard])
async def offline_bundle(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    user = current_user(request)
    assert user is not None
    return Response(await services.bundle(user), headers=NO_STORE)


@get("/api/v1/session", name="api_session", guards=[user_guard])
async def session_info(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    user = current_user(request)
    assert user is not None
    return Response(
        {"user": {"id": user.id, "username": user.username, "full_name": user.full_name, "role": user.role},
         "csrf_token": csrf_for(request)},
        headers=NO_STORE,
    )


router = Router(path="/", route_handlers=[service_worker, offline_page, offline_backup, offline_bundle, session_info])
