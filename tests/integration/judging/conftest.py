"""Helpers for the sheet tests: API tokens per user, full value sets, counting stored rows."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from app.auth.services import create_token
from app.judging.tables import SheetDraft, Submission


class Api:
    """The sheet API as one user (a personal token, so no CSRF)."""

    def __init__(self, client: httpx.AsyncClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    async def sheet(self, entrant: int, stage: str = "KLAR") -> httpx.Response:
        return await self.client.get(f"/api/v1/sheets/{entrant}/{stage}", headers=self.headers)

    async def codes(self, entrant: int, stage: str = "KLAR") -> list[str]:
        response = await self.sheet(entrant, stage)
        assert response.status_code == 200, response.text
        return [i["code"] for i in response.json()["indicators"]]

    async def submit(self, entrant: int, body: dict[str, Any], stage: str = "KLAR") -> httpx.Response:
        return await self.client.post(
            f"/api/v1/sheets/{entrant}/{stage}/submissions", json=body, headers=self.headers
        )


def body(codes: list[str], value: object = "3", *, base: int | None = None, uid: str | None = None,
         **extra: Any) -> dict[str, Any]:
    return {
        "client_uuid": uid or str(uuid.uuid4()),
        "base_version": base,
        "device_time": "2026-11-28T09:15:00+08:00",
        "values": dict.fromkeys(codes, value),
        "notes": {},
        "remark": "",
        **extra,
    }


async def versions(entrant: int) -> list[dict[str, Any]]:
    return await Submission.select(Submission.version, Submission.judge, Submission.status).where(
        Submission.entrant == entrant
    ).order_by(Submission.version)


async def count_rows() -> tuple[int, int]:
    return await Submission.count(), await SheetDraft.count()


@pytest.fixture
async def api_for(client: httpx.AsyncClient, demo: dict[str, Any]) -> Any:
    async def make(username: str) -> Api:
        return Api(client, await create_token(username, "test"))

    return make
