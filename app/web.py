"""Web plumbing shared by every audience: the current user, guards, CSRF, rendering and errors.

Words: the *auth middleware* puts the current user (or ``None``) into ``request.state.user`` and says
how they came (``session`` cookie or API ``token``). *Guards* check the role before a handler runs;
services check the assignment (a judge only reaches their own villages). Every unsafe request made with
a session cookie must carry the CSRF token (form field ``_csrf`` or header ``X-CSRF-Token``); requests
with a personal API token are exempt, since a browser never sends one on its own.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Awaitable, Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect, Template
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from app.auth import services as auth
from app.auth.security import csrf_token, csrf_valid
from app.i18n import LANGUAGES, current_language, pick_language
from app.settings import Settings

SESSION_COOKIE = "ld_session"
ANON_COOKIE = "ld_anon"
LANG_COOKIE = "ld_lang"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'; worker-src 'self'; manifest-src 'self'"
)


def settings_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Settings:
    return connection.app.state.settings  # type: ignore[no-any-return]


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> auth.CurrentUser | None:
    return connection.scope.get("state", {}).get("user")


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    client = connection.scope.get("client")
    return client[0] if client else ""


def auth_middleware(app: ASGIApp) -> ASGIApp:
    """Resolve the user, pick the language, hand out the anonymous CSRF cookie, add security headers."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        settings: Settings = scope["app"].state.settings
        expose_pid = settings.env.get("EXPOSE_WORKER_PID") == "1"
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cookies: dict[str, str] = {}
        if "cookie" in headers:
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(headers["cookie"])
            except Exception:
                jar = SimpleCookie()
            cookies = {k: m.value for k, m in jar.items()}
        state = scope.setdefault("state", {})
        user = None
        via = None
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            user = await auth.user_for_token(authorization[7:].strip())
            via = "token" if user else None
        elif cookies.get(SESSION_COOKIE):
            user = await auth.user_for_session(settings, cookies[SESSION_COOKIE])
            via = "session" if user else None
            if user:
                state["session_token"] = cookies[SESSION_COOKIE]
        state["user"] = user
        state["auth_via"] = via
        anon = cookies.get(ANON_COOKIE)
        new_anon = None
        if not anon:
            anon = new_anon = secrets.token_urlsafe(24)
        state["anon"] = anon
        lang = pick_language(cookies.get(LANG_COOKIE), user.language if user else None, None)
        state["lang"] = lang
        token = current_language.set(lang)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                h = MutableScopeHeaders.from_message(message)
                h.setdefault("Content-Security-Policy", CSP)
                h.setdefault("X-Content-Type-Options", "nosniff")
                h.setdefault("X-Frame-Options", "DENY")
                h.setdefault("Referrer-Policy", "same-origin")
                h.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
                if settings.https:
                    h.setdefault("Strict-Transport-Security", "max-age=31536000")
                if expose_pid:
                    h.add("X-Worker-Pid", str(os.getpid()))
                if new_anon:
                    h.add("Set-Cookie", cookie_header(settings, ANON_COOKIE, new_anon, max_age=None))
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            current_language.reset(token)

    return middleware


def cookie_header(settings: Settings, name: str, value: str, max_age: int | None) -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if settings.https:
        parts.append("Secure")
    return "; ".join(parts)


def csrf_for(request: Request[Any, Any, Any]) -> str:
    state = request.scope.get("state", {})
    binding = state.get("session_token") or state.get("anon") or ""
    return csrf_token(settings_of(request).secret_key, binding)


async def csrf_guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Refuse an unsafe request without a valid CSRF token, unless it came with an API token."""
    if connection.scope.get("method", "GET") in SAFE_METHODS:
        return
    state = connection.scope.get("state", {})
    if state.get("auth_via") == "token":
        return
    binding = state.get("session_token") or state.get("anon") or ""
    presented = connection.headers.get("x-csrf-token")
    if not presented and isinstance(connection, Request):
        content_type = connection.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await connection.form()
            value = form.get("_csrf")
            presented = value if isinstance(value, str) else None
    if not csrf_valid(settings_of(connection).secret_key, binding, presented):
        raise PermissionDeniedException(detail="csrf")


def requires_role(
    *roles: str,
) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]:
    """A guard: the user must be logged in (401) and hold one of ``roles`` (403).

    Async although it awaits nothing: Litestar runs a plain function guard on a worker thread."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = current_user(connection)
        if user is None:
            raise NotAuthorizedException()
        if user.role not in roles:
            raise PermissionDeniedException()

    return guard


COMMITTEE = ("panitia", "admin")
JUDGE = ("juri",)
ANY_USER = ("admin", "panitia", "juri")

committee_guard = requires_role(*COMMITTEE)
judge_guard = requires_role(*JUDGE)
admin_guard = requires_role("admin")
user_guard = requires_role(*ANY_USER)


def render(
    request: Request[Any, Any, Any], template: str, status_code: int = 200, **context: Any
) -> Template:
    """A page with the context every template may use."""
    base = {
        "user": current_user(request),
        "csrf_token": csrf_for(request),
        "lang": current_language.get(),
        "languages": LANGUAGES,
        "path": request.url.path,
        "public_url": settings_of(request).public_url,
    }
    base.update(context)
    return Template(template_name=template, context=base, status_code=status_code)


def redirect(path: str, status_code: int = 303) -> Redirect:
    return Redirect(path=path, status_code=status_code)


def wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/healthz",):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def form_errors(problems: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for field, message in problems:
        out.setdefault(field, []).append(message)
    return out


Handler = Callable[..., Awaitable[Any]]
