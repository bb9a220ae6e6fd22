"""Accounts: users, their browser sessions, personal API tokens and failed logins.

Words: a *user* has one role: ``admin`` (users and settings), ``panitia`` (the kabupaten committee) or
``juri`` (a judge). A *session* is a browser login, stored here so that every app worker sees it; the
cookie holds a random token and the table only its SHA-256. An *API token* is a personal bearer token
made by ``lomba-desa create-token``; it too is stored hashed.
"""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

ROLES = ("admin", "panitia", "juri")


class User(Table, tablename="app_user"):
    id: Serial
    username = Varchar(length=64, unique=True)
    full_name = Varchar(length=200)
    password_hash = Varchar(length=255)
    role = Varchar(length=16, index=True)
    active = Boolean(default=True)
    # Judges' identity as printed on the minutes.
    nip = Varchar(length=18, default="")
    jabatan = Varchar(length=200, default="")
    instansi = Varchar(length=200, default="")
    # Home region (village or kecamatan code) of a judge: a judge cannot be assigned to an entrant there.
    home_region_code = Varchar(length=13, default="")
    language = Varchar(length=5, default="")
    created_at = Timestamptz()


class UserSession(Table, tablename="user_session"):
    id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, null=False, on_delete=OnDelete.cascade)
    created_at = Timestamptz()
    last_seen_at = Timestamptz()
    expires_at = Timestamptz(index=True)
    ip = Varchar(length=64, default="")
    user_agent = Varchar(length=255, default="")


class ApiToken(Table, tablename="api_token"):
    id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, null=False, on_delete=OnDelete.cascade)
    name = Varchar(length=100, default="")
    created_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)
    revoked = Boolean(default=False)


class LoginFailure(Table, tablename="login_failure"):
    """One wrong password; ``key`` is ``account:<username>`` or ``address:<ip>``."""

    id: Serial
    key = Varchar(length=200, index=True)
    at = Timestamptz(index=True)
