"""The committee's set-up steps done through the real forms, shared by the tests of this folder."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.conftest import login

# Eight desa of Kabupaten Dompu (52.05), one or two per kecamatan, as the official list names them.
DOMPU_DESA = [
    "52.05.01.2007", "52.05.02.2001", "52.05.03.2001", "52.05.04.2001",
    "52.05.05.2004", "52.05.06.2001", "52.05.07.2001", "52.05.08.2001",
]
DOMPU_KELURAHAN = "52.05.01.1001"  # Bada, a kelurahan
LOMBOK_BARAT_DESA = "52.01.01.2002"


class Committee:
    """A logged-in committee member posting the set-up forms."""

    def __init__(self, client: httpx.AsyncClient, token: str) -> None:
        self.client = client
        self.token = token
        self.comp_id = 0

    @classmethod
    async def login(cls, client: httpx.AsyncClient, username: str = "panitia") -> Committee:
        return cls(client, await login(client, username))

    async def post(self, path: str, data: dict[str, Any] | list[tuple[str, str]] | None = None,
                   files: dict[str, Any] | None = None) -> httpx.Response:
        if isinstance(data, list):
            body: Any = {"_csrf": self.token}
            for key, value in data:
                body.setdefault(key, []).append(value)
        else:
            body = {**(data or {}), "_csrf": self.token}
        return await self.client.post(path, data=body, files=files, follow_redirects=False)

    def url(self, suffix: str = "") -> str:
        return f"/competitions/{self.comp_id}{suffix}"

    async def create_dompu(self) -> int:
        response = await self.post("/competitions/new", {
            "name": "Lomba Desa Tingkat Kabupaten Dompu Tahun 2026", "year": "2026", "level": "kabupaten",
            "track": "desa", "organiser_region": "Dompu", "place": "Dompu", "paper": "F4",
            "letterhead_government": "PEMERINTAH KABUPATEN DOMPU",
        })
        assert response.status_code == 303, response.text
        self.comp_id = int(re.search(r"/competitions/(\d+)", response.headers["location"]).group(1))  # type: ignore[union-attr]
        return self.comp_id

    async def add_villages(self, codes: list[str]) -> httpx.Response:
        return await self.post(self.url("/entrants"), [("code", c) for c in codes])

    async def preset(self) -> httpx.Response:
        return await self.post(self.url("/criteria/preset"))

    async def indicator_form(self, code: str) -> dict[str, str]:
        """The current values of an indicator's edit form, read from the page."""
        page = await self.client.get(self.url(f"/criteria/indicator/{code}"))
        assert page.status_code == 200, page.text
        form: dict[str, str] = {}
        for name, value in re.findall(r'<input id="[^"]*" name="([^"]+)" type="text" value="([^"]*)"', page.text):
            form[name] = value
        form["name"] = re.search(r'name="name"[^>]*>([^<]*)</textarea>', page.text).group(1)  # type: ignore[union-attr]
        for select in ("aspect", "stage", "kind"):
            block = re.search(rf'name="{select}".*?</select>', page.text, re.S).group(0)  # type: ignore[union-attr]
            chosen = re.search(r'<option value="([^"]*)" selected', block)
            form[select] = chosen.group(1) if chosen else ""
        return {k: _unescape(v) for k, v in form.items()}

    async def create_judge(self, username: str, nip: str, **extra: str) -> httpx.Response:
        return await self.post(self.url("/panel/judges"), {
            "username": username, "full_name": extra.pop("full_name", f"Judge {username}"), "nip": nip,
            "jabatan": "Kepala Bidang", "instansi": "Dinas PMD Kabupaten Dompu", "password": "rahasia-juri-1",
            **extra,
        })

    async def stage_ids(self) -> dict[str, int]:
        from app.competitions.tables import Stage

        return {s["code"]: s["id"] for s in await Stage.select().where(Stage.competition == self.comp_id)}


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


async def judge_id(username: str) -> int:
    from app.auth.tables import User

    row = await User.select(User.id).where(User.username == username).first()
    return int(row["id"])


async def ready_round(c: Committee, judges: tuple[str, ...] = ("juri1", "juri2", "juri3")) -> None:
    """The Dompu round with 8 villages, the default criteria and three judges on ADM and KLAR, all assigned."""
    await c.create_dompu()
    assert (await c.add_villages(DOMPU_DESA)).status_code == 303
    assert (await c.preset()).status_code == 303
    stages = await c.stage_ids()
    for code in ("ADM", "KLAR"):
        for index, username in enumerate(judges):
            response = await c.post(c.url("/panel/members"), {
                "stage": str(stages[code]), "judge": str(await judge_id(username)),
                "role": "ketua" if index == 0 else "anggota"})
            assert response.status_code == 303, response.text
    response = await c.post(c.url("/assignments/all"),
                            [("stages", str(stages["ADM"])), ("stages", str(stages["KLAR"]))])
    assert response.status_code == 303, response.text


async def submit_sheet(comp_id: int, stage_code: str, username: str, values: dict[str, Any]) -> None:
    """A submitted sheet as the judging pages would store it (those pages are not part of this folder)."""
    import uuid

    from app.clock import now
    from app.competitions.tables import Assignment, Stage
    from app.judging.tables import Submission

    judge = await judge_id(username)
    stage = await Stage.select(Stage.id).where((Stage.competition == comp_id) & (Stage.code == stage_code)).first()
    assignment = await Assignment.select(Assignment.entrant).where(
        (Assignment.stage == stage["id"]) & (Assignment.judge == judge)).first()
    await Submission.insert(Submission(
        entrant=assignment["entrant"], stage=stage["id"], judge=judge, version=1, client_uuid=uuid.uuid4(),
        content_hash="0" * 64, values=values, submitted_by=judge, submitted_at=now(), status="active"))
