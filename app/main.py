"""The composition root: ``create_app()`` wires settings, database, templates, routes and error pages."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Request, Response
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.openapi import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from app import db, i18n, labels
from app.api.routes import router as api_router
from app.auth.routes import router as auth_router
from app.home.routes import healthz, home
from app.i18n import N_
from app.jobs import runner
from app.judging import sheet_html
from app.offline import strings as offline_strings
from app.settings import ROOT, Settings
from app.web import auth_middleware, csrf_guard, render, wants_json

log = logging.getLogger("lomba_desa")
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def jinja_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the code: no file check on every render (restart to see an edited template).
        auto_reload=False,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["number"] = i18n.fmt_number
    env.filters["date_id"] = i18n.fmt_date
    env.filters["datetime_id"] = i18n.fmt_datetime
    env.globals["labels"] = labels
    env.globals["offline_strings"] = offline_strings.js_strings
    env.globals["level_radios"] = sheet_html.level_radios
    env.globals["indicator_blocks"] = sheet_html.indicator_blocks
    return env


ERROR_MESSAGES = {
    400: (N_("Bad request"), N_("The request could not be understood.")),
    401: (N_("Please log in"), N_("Log in to continue.")),
    403: (N_("Access denied"), N_("You do not have access to this page.")),
    404: (N_("Page not found"), N_("The page you are looking for does not exist or has moved.")),
    405: (N_("Not allowed"), N_("This action is not allowed here.")),
    413: (N_("File too large"), N_("The file is larger than allowed.")),
    422: (N_("Check your input"), N_("Some of the input is not valid.")),
    423: (N_("Locked"), N_("This item is locked and cannot be changed.")),
    429: (N_("Too many requests"), N_("Please wait a moment and try again.")),
    500: (N_("Something went wrong"), N_("The error has been recorded. Please try again later.")),
    503: (N_("Service unavailable"), N_("The service is temporarily unavailable.")),
}


def _error_response(request: Request[Any, Any, Any], status: int, detail: Any = None) -> Response[Any]:
    title, message = ERROR_MESSAGES.get(status, ERROR_MESSAGES[500])
    if status == 403 and detail == "csrf":
        message = N_(
            "The form has expired or did not come from this site. Go back, reload the page and try again."
        )
    if wants_json(request):
        body: dict[str, Any] = {"status_code": status, "detail": i18n.gettext(title)}
        if isinstance(detail, dict | list):
            body["errors"] = detail
        elif isinstance(detail, str) and detail and detail != "csrf":
            body["detail"] = detail
        return Response(body, status_code=status)
    return render(request, "errors/error.html", status_code=status, title=title, message=message, status=status)


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any] | Redirect:
    if isinstance(exc, NotAuthorizedException) and not wants_json(request):
        return Redirect(path=f"/login?next={request.url.path}", status_code=303)
    detail = exc.extra if exc.extra else exc.detail
    if exc.status_code == 403 and exc.detail == "csrf":
        detail = "csrf"
    return _error_response(request, exc.status_code, detail)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error_response(request, 500)


def _routes() -> list[Any]:
    """Every router of the app; each audience's package contributes its own."""
    routes: list[Any] = [home, healthz, auth_router, api_router]
    for module_name in EXTRA_ROUTERS:
        module = __import__(module_name, fromlist=["router"])
        routes.append(module.router)
    return routes


def _load_job_handlers() -> None:
    for module_name in JOB_HANDLER_MODULES:
        __import__(module_name)


# Modules that register background job handlers with ``@runner.handler(kind)``.
JOB_HANDLER_MODULES: list[str] = ["app.lms.jobs", "app.printing.jobs"]

# Routers of the feature packages, added as they are built.
EXTRA_ROUTERS: list[str] = [
    "app.jobs.routes",
    "app.officials.routes",
    "app.competitions.routes",
    "app.judging.api",
    "app.judging.routes",
    "app.judging.committee",
    "app.results.decision_routes",
    "app.results.routes",
    "app.results.api",
    "app.public.routes",
    "app.lms.routes",
    "app.printing.routes",
    "app.offline.routes",
    "app.judging.conflict",
]


def create_app(settings: Settings | None = None, *, bind_database: bool = True) -> Litestar:
    settings = settings or Settings.from_env()
    settings.require_secret()
    # One line per LMS request at INFO would drown the server log during a check of 360 officials.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    engine = db.engine_for_url(settings.database_url)
    if bind_database:
        db.bind(engine)

    stop_jobs = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []

    async def on_startup(app: Litestar) -> None:
        # When the caller bound the tables itself (tests), it also owns the engine's pool.
        if bind_database:
            await db.start(db.current_engine())
        if settings.run_jobs:
            _load_job_handlers()
            tasks.append(asyncio.create_task(runner.runner_loop(stop_jobs, settings)))

    async def on_shutdown(app: Litestar) -> None:
        stop_jobs.set()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=10)
        if bind_database:
            await db.stop(db.current_engine())

    return Litestar(
        route_handlers=[
            *_routes(),
            create_static_files_router(path="/static", directories=[STATIC_DIR], name="static"),
        ],
        middleware=[auth_middleware],
        guards=[csrf_guard],
        template_config=TemplateConfig(engine=JinjaTemplateEngine.from_environment(jinja_environment())),
        exception_handlers={HTTPException: http_exception_handler, Exception: internal_error_handler},
        openapi_config=OpenAPIConfig(title="Lomba Desa", version="1", path="/schema"),
        compression_config=CompressionConfig(backend="gzip", minimum_size=500, gzip_compress_level=4),
        request_max_body_size=settings.upload_max_bytes + 1024 * 1024,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        state=State({"settings": settings}),
        debug=settings.debug,
    )


