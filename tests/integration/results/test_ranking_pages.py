"""The committee's results pages: ranking (overall, per stage) with badges, why this number, the judges'
agreement with SVG charts, and the downloads."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import httpx
from openpyxl import load_workbook

from app.results.services import ranking
from tests.conftest import login
from tests.integration.results.ranking_scenario import submit_all


def _rows(html: str) -> list[list[str]]:
    body = html.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    return [
        [(re.sub(r"<[^>]+>", " ", c).split() and " ".join(re.sub(r"<[^>]+>", " ", c).split())) or ""
         for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]
    ]


async def test_overall_ranking_with_badges_and_ties(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    await login(client, "panitia")
    page = await client.get(f"/competitions/{cid}/results")
    assert page.status_code == 200
    html = page.text
    assert "SEMENTARA (belum final)" in html
    assert f'href="/competitions/{cid}/pleno"' in html
    assert f'href="/competitions/{cid}/finalise"' in html
    current = await ranking(cid, detail=False)
    rows = _rows(html)
    assert len(rows) == 10
    first = current.result.entrants[0]
    info = {e.code: e for e in current.inputs.entrants}
    # rank "1=" twice, village, kecamatan, ADM, KLAR, PAP, total (84,33 style), award, notes
    assert [r[0] for r in rows[:2]] == ["1=", "1="]
    assert rows[0][1] == info[first.entrant].name
    assert rows[0][2] == info[first.entrant].kecamatan
    assert rows[0][6] == f"{first.total:.2f}".replace(".", ",")
    assert "menunggu pleno" in rows[0][8]
    assert "LMS sementara" in rows[0][8]
    assert "belum lengkap" in rows[0][8]  # PAP not scored yet
    divergent = [r for r in rows if "divergen" in r[8]]
    assert len(divergent) == 1
    assert [r[0] for r in rows[2:]] == [str(n) for n in range(3, 11)]


async def test_open_sheet_badge(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo, skip=frozenset({(3, "KLAR", "juri2")}))
    await login(client, "panitia")
    overall = _rows((await client.get(f"/competitions/{cid}/results")).text)
    flagged = [r for r in overall if "lembar belum dikirim" in r[8]]
    current = await ranking(cid, detail=False)
    village = next(e.name for e in current.inputs.entrants if e.id == demo["entrant_ids"][3])
    assert [r[1] for r in flagged] == [village]
    klar = _rows((await client.get(f"/competitions/{cid}/results", params={"stage": "KLAR"})).text)
    assert [r[1] for r in klar if "lembar belum dikirim" in r[4]] == [village]
    adm = _rows((await client.get(f"/competitions/{cid}/results", params={"stage": "ADM"})).text)
    assert not [r for r in adm if "lembar belum dikirim" in r[4]]
    why = await client.get(f"/competitions/{cid}/results/{demo['entrant_ids'][3]}")
    assert '<span class="chip">KLAR/juri2</span>' in why.text


async def test_stage_tab_and_unknown_stage(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    await login(client, "panitia")
    page = await client.get(f"/competitions/{cid}/results", params={"stage": "ADM"})
    assert page.status_code == 200
    rows = _rows(page.text)
    current = await ranking(cid, detail=False)
    adm = sorted((e.stages["ADM"] for e in current.result.entrants), reverse=True)
    assert [r[3] for r in rows] == [f"{v:.2f}".replace(".", ",") for v in adm]
    assert rows[0][0] == rows[1][0] == "1="
    assert "divergen" in " ".join(r[4] for r in rows)
    pap = await client.get(f"/competitions/{cid}/results", params={"stage": "PAP"})
    assert len(_rows(pap.text)) == 3  # only the top three reach PAP
    assert (await client.get(f"/competitions/{cid}/results", params={"stage": "XYZ"})).status_code == 404


async def test_why_this_number(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    await login(client, "panitia")
    entrant_id = demo["entrant_ids"][2]  # juri1 gave it 0 on its first ADM indicator
    page = await client.get(f"/competitions/{cid}/results/{entrant_id}")
    assert page.status_code == 200
    html = page.text
    assert f'href="/competitions/{cid}/entrants/{entrant_id}/officials"' in html
    current = await ranking(cid, detail=True)
    code = next(e.code for e in current.inputs.entrants if e.id == entrant_id)
    result = current.result.entrant(code)
    adm = next(s for s in result.detail if s.stage == "ADM")
    assert f"ADM · Penilaian Administrasi: {adm.value:.2f}".replace(".", ",") in html
    for d in adm.domains:
        assert f"<strong>{d.contribution:.2f}</strong>".replace(".", ",") in html
    first = adm.indicators[0]
    assert first.divergent
    row = html.split(f'<span class="code">{first.indicator}</span>', 1)[1].split("</tr>", 1)[0]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[2:7] == [str(int(v)) for _j, v in first.scores]
    assert cells[7] == f"{first.combined:.2f}".replace(".", ",")
    assert "divergen" in row
    for judge in ("juri1", "juri5"):
        assert f">{judge}</th>" in html
    assert (await client.get(f"/competitions/{cid}/results/999999")).status_code == 404


async def test_agreement_page_has_inline_svg_without_style(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    await login(client, "panitia")
    page = await client.get(f"/competitions/{cid}/results/agreement")
    assert page.status_code == 200
    html = page.text
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 3  # totals, ADM spread, KLAR spread
    assert all("style=" not in s and "<script" not in s for s in svgs)
    assert svgs[0].count("<rect") >= 10 * 3  # a bar per village, stacked by domain
    # juri5 is the harsh one: the lowest bias in both stages
    for stage in ("ADM", "KLAR"):
        section = html.split(f'id="agree-{stage}"', 1)[1].split("</section>", 1)[0]
        table = section.split('class="table agreement"', 1)[1]
        biases = {
            judge: float(value.replace(",", "."))
            for judge, value in re.findall(r'<span class="code">(juri\d)</span>.*?<strong[^>]*>(-?[\d,]+)</strong>',
                                           table, re.S)
        }
        assert len(biases) == 5
        assert min(biases, key=biases.__getitem__) == "juri5"
    assert "juri1" in html.split('id="agree-ADM"', 1)[1].split("<details", 1)[1].split("</details>", 1)[0]


async def test_judges_cannot_open_results_pages(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await login(client, "juri1")
    for path in ("", "/agreement", f"/{demo['entrant_ids'][0]}", "/export.xlsx", "/inputs.zip"):
        assert (await client.get(f"/competitions/{cid}/results{path}")).status_code == 403


async def test_xlsx_recap_and_inputs_zip(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    await login(client, "panitia")
    response = await client.get(f"/competitions/{cid}/results/export.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Peringkat", "ADM", "KLAR", "PAP"]
    ws = wb["Peringkat"]
    assert [c.value for c in ws[3]] == ["Peringkat", "Kode desa", "Desa", "Kecamatan", "ADM", "KLAR", "PAP", "Jumlah",
                                        "Penghargaan", "Catatan"]
    current = await ranking(cid, detail=False)
    for row, e in zip(ws.iter_rows(min_row=4, max_row=13), current.result.entrants, strict=True):
        assert row[1].value == e.entrant
        assert row[7].value == float(e.total)
        assert row[7].number_format == "0.00"
        assert row[4].value == float(e.stages["ADM"])
    assert ws["A4"].value == ws["A5"].value == "1="
    assert "SEMENTARA" in ws["A1"].value
    assert wb["PAP"].max_row == 3 + 3
    archive = await client.get(f"/competitions/{cid}/results/inputs.zip")
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert sorted(names) == ["pleno.yaml", "ruleset.yaml", "scores.csv"]
