"""Accounts and access: login per role, CSRF, throttling, 403 page, logout."""

from __future__ import annotations

from typing import Any

import pytest

from app.auth.tables import LoginFailure, UserSession
from tests.conftest import csrf_from, login

pytestmark = pytest.mark.usefixtures("demo")


@pytest.mark.parametrize(
    ("username", "marker"),
    [("admin", "Pengguna dan peran"), ("panitia", "Lembar terkirim"), ("juri1", "Desa saya")],
)
async def test_each_demo_account_lands_on_its_home(client: Any, username: str, marker: str) -> None:
    await login(client, username)
    home = await client.get("/")
    assert home.status_code == 200
    assert marker in home.text
    assert 'Keluar' in home.text


async def test_judge_on_committee_page_gets_the_403_page(client: Any) -> None:
    await login(client, "juri1")
    response = await client.get("/admin/users")
    assert response.status_code == 403
    assert "Akses ditolak" in response.text
    assert "<html" in response.text


async def test_anonymous_is_sent_to_login(client: Any) -> None:
    response = await client.get("/admin/users", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


async def test_post_without_csrf_is_refused_and_changes_nothing(client: Any) -> None:
    await login(client, "admin")
    before = await client.get("/admin/users")
    response = await client.post(
        "/admin/users",
        data={"username": "penyusup", "role": "admin", "password": "rahasia-sekali"},
    )
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.text
    after = await client.get("/admin/users")
    assert "penyusup" not in after.text
    assert before.text.count("<tr>") == after.text.count("<tr>")


async def test_post_with_wrong_csrf_is_refused(client: Any) -> None:
    await login(client, "admin")
    response = await client.post(
        "/admin/users",
        data={"_csrf": "0" * 64, "username": "penyusup", "role": "admin", "password": "rahasia-sekali"},
    )
    assert response.status_code == 403


async def test_login_form_itself_needs_csrf(client: Any) -> None:
    await client.get("/login")
    response = await client.post("/login", data={"username": "admin", "password": "demo-lombadesa"})
    assert response.status_code == 403
    assert await UserSession.count() == 0


async def test_six_wrong_passwords_get_the_throttling_message(client: Any) -> None:
    page = await client.get("/login")
    token = csrf_from(page.text)
    statuses = []
    for _ in range(6):
        response = await client.post(
            "/login", data={"_csrf": token, "username": "juri2", "password": "salah-salah", "next": "/"}
        )
        statuses.append(response.status_code)
    assert statuses == [401] * 5 + [429]
    assert "Terlalu banyak percobaan kata sandi yang salah" in response.text
    assert "coba lagi dalam 15 menit" in response.text
    # Even the right password waits now.
    response = await client.post(
        "/login", data={"_csrf": token, "username": "juri2", "password": "demo-lombadesa", "next": "/"}
    )
    assert response.status_code == 429
    assert await UserSession.count() == 0
    assert await LoginFailure.count() == 10  # 5 per account + 5 per address


async def test_wrong_password_message_in_english_when_chosen(client: Any) -> None:
    page = await client.get("/login")
    await client.post("/language", data={"_csrf": csrf_from(page.text), "lang": "en", "next": "/login"})
    page = await client.get("/login")
    assert "Log in" in page.text
    response = await client.post(
        "/login", data={"_csrf": csrf_from(page.text), "username": "juri2", "password": "x", "next": "/"}
    )
    assert "Wrong username or password." in response.text


async def test_logout_ends_the_session_everywhere(client: Any) -> None:
    token = await login(client, "panitia")
    assert await UserSession.count() == 1
    response = await client.post("/logout", data={"_csrf": token}, follow_redirects=False)
    assert response.status_code == 303
    assert await UserSession.count() == 0
    assert (await client.get("/", follow_redirects=False)).headers["location"] == "/login"


async def test_security_headers(client: Any) -> None:
    response = await client.get("/login")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-frame-options"] == "DENY"


async def test_open_redirect_after_login_is_refused(client: Any) -> None:
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={"_csrf": csrf_from(page.text), "username": "admin", "password": "demo-lombadesa",
              "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"
