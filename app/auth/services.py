"""Logging in and out, sessions, API tokens, login throttling and account management.

Sessions are rows in ``user_session`` (only the token's SHA-256 is stored), so a login stays valid
whichever app worker answers, and logging out or disabling a user ends it everywhere at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.audit.services import record
from app.auth.security import hash_password, needs_rehash, new_token, token_hash, verify_password
from app.auth.tables import ROLES, ApiToken, LoginFailure, User, UserSession
from app.clock import now
from app.db import write_tx
from app.settings import Settings

SESSION_TOUCH_EVERY = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    full_name: str
    role: str
    language: str

    @property
    def is_committee(self) -> bool:
        return self.role in ("panitia", "admin")


@dataclass(frozen=True)
class LoginResult:
    user: CurrentUser | None = None
    session_token: str = ""
    throttled_minutes: int = 0


def _current(row: dict) -> CurrentUser:
    return CurrentUser(
        id=row["id"],
        username=row["username"],
        full_name=row["full_name"],
        role=row["role"],
        language=row.get("language") or "",
    )


async def username_taken(username: str) -> bool:
    return await User.exists().where(User.username == username)


async def create_user(
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    actor_id: int | None = None,
    **profile: str,
) -> int:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters")
    async with write_tx():
        row = await User.insert(
            User(
                username=username,
                full_name=full_name or username,
                password_hash=hash_password(password),
                role=role,
                created_at=now(),
                **profile,
            )
        ).returning(User.id)
        user_id = int(row[0]["id"])
        await record(
            "create_user", "user", user_id, user_id=actor_id,
            after={"username": username, "role": role, **profile},
        )
    return user_id


async def _failures(key: str, since: dt.datetime) -> tuple[int, dt.datetime | None]:
    rows = await LoginFailure.select(LoginFailure.at).where(
        (LoginFailure.key == key) & (LoginFailure.at > since)
    ).order_by(LoginFailure.at)
    return len(rows), (rows[0]["at"] if rows else None)


async def throttle_minutes(settings: Settings, username: str, address: str) -> int:
    """Minutes to wait before another login attempt may be made, 0 when allowed."""
    window = dt.timedelta(minutes=settings.login_window_minutes)
    since = now() - window
    wait = dt.timedelta(0)
    for key, limit in (
        (f"account:{username.lower()}", settings.login_max_failures_account),
        (f"address:{address}", settings.login_max_failures_address),
    ):
        count, oldest = await _failures(key, since)
        if count >= limit and oldest is not None:
            wait = max(wait, oldest + window - now())
    if wait <= dt.timedelta(0):
        return 0
    return max(1, int(wait.total_seconds() // 60) + (1 if wait.total_seconds() % 60 else 0))


async def login(
    settings: Settings, username: str, password: str, address: str, user_agent: str = ""
) -> LoginResult:
    username = username.strip()
    minutes = await throttle_minutes(settings, username, address)
    if minutes:
        return LoginResult(throttled_minutes=minutes)
    row = await User.select().where((User.username == username) & (User.active.eq(True))).first()
    if not verify_password(row["password_hash"] if row else None, password) or row is None:
        at = now()
        await LoginFailure.insert(
            LoginFailure(key=f"account:{username.lower()}", at=at),
            LoginFailure(key=f"address:{address}", at=at),
        )
        await record("login_failed", "user", username, ip=address)
        return LoginResult()
    token = new_token()
    at = now()
    async with write_tx():
        if needs_rehash(row["password_hash"]):
            await User.update({User.password_hash: hash_password(password)}).where(User.id == row["id"])
        await UserSession.insert(
            UserSession(
                token_hash=token_hash(token),
                user=row["id"],
                created_at=at,
                last_seen_at=at,
                expires_at=at + dt.timedelta(days=settings.session_days),
                ip=address[:64],
                user_agent=user_agent[:255],
            )
        )
        await LoginFailure.delete().where(LoginFailure.key == f"account:{username.lower()}")
        await record("login", "user", row["id"], user_id=row["id"], ip=address)
    return LoginResult(user=_current(row), session_token=token)


async def logout(session_token: str) -> None:
    await UserSession.delete().where(UserSession.token_hash == token_hash(session_token))


# Raw SQL for the lookups every request makes: Piccolo's query building for the join cost more than the query.
SESSION_SQL = """
SELECT s.id AS session_id, s.expires_at, s.last_seen_at,
       u.id, u.username, u.full_name, u.role, u.active, u.language
FROM "user_session" s JOIN "app_user" u ON u.id = s."user"
WHERE s.token_hash = {}
"""

BEARER_LOOKUP_SQL = """
SELECT t.id AS token_id, t.last_used_at, u.id, u.username, u.full_name, u.role, u.active, u.language
FROM "api_token" t JOIN "app_user" u ON u.id = t."user"
WHERE t.token_hash = {} AND t.revoked = {}
"""


async def user_for_session(settings: Settings, session_token: str) -> CurrentUser | None:
    rows = await UserSession.raw(SESSION_SQL, token_hash(session_token))
    if not rows:
        return None
    row = rows[0]
    at = now()
    if row["expires_at"] <= at or not row["active"]:
        return None
    if at - row["last_seen_at"] > SESSION_TOUCH_EVERY:
        # Sliding expiry, written at most every few minutes to keep reads cheap.
        await UserSession.update(
            {
                UserSession.last_seen_at: at,
                UserSession.expires_at: at + dt.timedelta(days=settings.session_days),
            }
        ).where(UserSession.id == row["session_id"])
    return _current(row)


async def create_token(username: str, name: str = "") -> str:
    user = await User.select(User.id).where(User.username == username).first()
    if user is None:
        raise LookupError(f"no user {username!r}")
    token = new_token()
    await ApiToken.insert(
        ApiToken(token_hash=token_hash(token), user=user["id"], name=name, created_at=now())
    )
    await record("create_token", "user", user["id"], user_id=user["id"], after={"name": name})
    return token


async def user_for_token(token: str) -> CurrentUser | None:
    rows = await ApiToken.raw(BEARER_LOOKUP_SQL, token_hash(token), False)
    if not rows or not rows[0]["active"]:
        return None
    row = rows[0]
    at = now()
    if row["last_used_at"] is None or at - row["last_used_at"] > SESSION_TOUCH_EVERY:
        # "Last used" to within a few minutes: a write on every API request would queue behind scoring.
        await ApiToken.update({ApiToken.last_used_at: at}).where(ApiToken.id == row["token_id"])
    return _current(row)


async def list_users() -> list[dict]:
    return await User.select(
        User.id, User.username, User.full_name, User.role, User.active, User.nip, User.jabatan,
        User.instansi,
    ).order_by(User.role).order_by(User.username)


async def set_role(actor: CurrentUser, user_id: int, role: str, active: bool, address: str = "") -> None:
    if role not in ROLES:
        raise ValueError(role)
    async with write_tx():
        before = await User.select(User.role, User.active).where(User.id == user_id).first()
        if before is None:
            raise LookupError(user_id)
        await User.update({User.role: role, User.active: active}).where(User.id == user_id)
        if not active:
            await UserSession.delete().where(UserSession.user == user_id)
        await record(
            "set_role", "user", user_id, user_id=actor.id, before=before,
            after={"role": role, "active": active}, ip=address,
        )
