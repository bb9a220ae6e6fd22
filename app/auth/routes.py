"""Login, logout, language choice and the admin's user list. Handlers stay thin."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Response, Template

from app.auth import services as auth
from app.auth.tables import ROLES
from app.i18n import LANGUAGES, _
from app.web import (
    LANG_COOKIE,
    SESSION_COOKIE,
    admin_guard,
    client_address,
    cookie_header,
    current_user,
    redirect,
    render,
    settings_of,
)

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect after login would help phishing.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@get("/login", name="login")
async def login_page(request: Request[Any, Any, Any], next: FromQuery[str | None] = None) -> Template | Redirect:
    if current_user(request):
        return redirect(_safe_next(next))
    return render(request, "auth/login.html", next=_safe_next(next), username="", error=None)


@post("/login", name="login_post")
async def login_submit(request: Request[Any, Any, Any], data: Form) -> Template | Response[Any]:
    settings = settings_of(request)
    username = data.get("username", "")
    target = _safe_next(data.get("next"))
    result = await auth.login(
        settings,
        username,
        data.get("password", ""),
        client_address(request),
        request.headers.get("user-agent", ""),
    )
    if result.throttled_minutes:
        error = _(
            "Too many wrong passwords. For your safety, logging in is paused: "
            "try again in %(minutes)d minutes."
        ) % {"minutes": result.throttled_minutes}
        return render(request, "auth/login.html", status_code=429, next=target, username=username, error=error)
    if result.user is None:
        error = _("Wrong username or password.")
        return render(request, "auth/login.html", status_code=401, next=target, username=username, error=error)
    response: Response[Any] = Redirect(path=target, status_code=303)
    response.headers["Set-Cookie"] = cookie_header(
        settings, SESSION_COOKIE, result.session_token, max_age=settings.session_days * 86400
    )
    return response


@post("/logout", name="logout")
async def logout(request: Request[Any, Any, Any]) -> Response[Any]:
    token = request.scope.get("state", {}).get("session_token")
    if token:
        await auth.logout(token)
    response: Response[Any] = Redirect(path="/login", status_code=303)
    response.headers["Set-Cookie"] = cookie_header(settings_of(request), SESSION_COOKIE, "", max_age=0)
    return response


@post("/language", name="language")
async def set_language(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    lang = data.get("lang", "id")
    if lang not in LANGUAGES:
        lang = "id"
    response: Response[Any] = Redirect(path=_safe_next(data.get("next")), status_code=303)
    response.headers["Set-Cookie"] = cookie_header(settings_of(request), LANG_COOKIE, lang, max_age=365 * 86400)
    return response


@get("/admin/users", name="admin_users", guards=[admin_guard])
async def users_page(request: Request[Any, Any, Any]) -> Template:
    return render(request, "admin/users.html", users=await auth.list_users(), roles=ROLES, errors={})


@post("/admin/users", name="admin_users_create", guards=[admin_guard])
async def create_user(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    errors: dict[str, str] = {}
    username = data.get("username", "").strip()
    role = data.get("role", "")
    password = data.get("password", "")
    if not username or not username.replace("_", "").replace(".", "").isalnum():
        errors["username"] = _("Use letters, digits, dots and underscores only.")
    elif await auth.username_taken(username):
        errors["username"] = _("This username is already taken.")
    if role not in ROLES:
        errors["role"] = _("Choose a role.")
    if len(password) < 8:
        errors["password"] = _("The password needs at least 8 characters.")
    if errors:
        return render(
            request, "admin/users.html", status_code=422, users=await auth.list_users(), roles=ROLES,
            errors=errors, form=data,
        )
    actor = current_user(request)
    assert actor is not None
    await auth.create_user(
        username, password, role, full_name=data.get("full_name", "").strip() or username, actor_id=actor.id
    )
    return redirect("/admin/users")


@post("/admin/users/{user_id:int}", name="admin_user_update", guards=[admin_guard])
async def update_user(request: Request[Any, Any, Any], user_id: FromPath[int], data: Form) -> Template | Redirect:
    actor = current_user(request)
    assert actor is not None
    role = data.get("role", "")
    if role not in ROLES:
        return render(
            request, "admin/users.html", status_code=422, users=await auth.list_users(), roles=ROLES,
            errors={"role": _("Choose a role.")},
        )
    await auth.set_role(actor, user_id, role, data.get("active") == "on", client_address(request))
    return redirect("/admin/users")


router = Router(
    path="/",
    route_handlers=[login_page, login_submit, logout, set_language, users_page, create_user, update_user],
)
