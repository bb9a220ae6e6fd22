"""The admin's user page: every form carries the session's CSRF token and works."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.auth.tables import User
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("demo")


async def test_admin_creates_a_user_through_the_page(client: Any) -> None:
    await login(client, "admin")
    page = await client.get("/admin/users")
    meta = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    tokens = set(re.findall(r'name="_csrf" value="([^"]+)"', page.text))
    assert tokens == {meta}
    response = await client.post(
        "/admin/users",
        data={"_csrf": meta, "username": "juri6", "full_name": "Juri Enam", "role": "juri",
              "password": "kata-sandi-juri6"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert await User.exists().where(User.username == "juri6")


async def test_bad_new_user_is_refused_at_the_field(client: Any) -> None:
    token = await login(client, "admin")
    response = await client.post(
        "/admin/users", data={"_csrf": token, "username": "juri 7!", "role": "raja", "password": "pendek"}
    )
    assert response.status_code == 422
    assert "Gunakan huruf, angka" in response.text
    assert "Kata sandi minimal 8 karakter" in response.text
    assert not await User.exists().where(User.username == "juri 7!")
