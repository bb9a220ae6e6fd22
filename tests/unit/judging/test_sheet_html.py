"""The sheet's ready-made HTML: radio buttons (escaped, the picked value checked, none for long scales) and
indicator blocks (cached only when they show nothing of one judge's own, by content and language)."""

from __future__ import annotations

from decimal import Decimal

from app.i18n import current_language
from app.judging import sheet_html
from app.judging.services import IndicatorDef
from app.judging.sheet_html import MAX_BLOCKS, MAX_RADIOS, indicator_blocks, level_radios


def indicator(
    code: str = "A1.1", max_value: str = "4", step: str = "1", rubric: dict[str, str] | None = None
) -> IndicatorDef:
    return IndicatorDef(code, "Nama", Decimal(max_value), Decimal(step), rubric or {}, "", "A", "Bidang", "A1", "Aspek")


def test_one_radio_per_value_with_rubric_text_and_decimal_comma() -> None:
    html = str(level_radios(indicator(max_value="2", step="0.5", rubric={"1.5": "Cukup"}), None))
    assert html.count('type="radio"') == 5
    assert 'value="1.5"' in html
    assert '<span class="level-value">1,5</span>' in html
    assert '<span class="level-text">Cukup</span>' in html
    assert "checked" not in html


def test_only_the_picked_value_is_checked() -> None:
    html = str(level_radios(indicator(), "3"))
    assert html.count(" checked") == 1
    assert 'value="3" required checked>' in html


def test_code_and_rubric_text_are_escaped() -> None:
    html = str(level_radios(indicator(code='X"><script>', rubric={"1": "<b>baik</b> & benar"}), None))
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;b&gt;baik&lt;/b&gt; &amp; benar" in html
    assert 'name="v:X&#34;&gt;&lt;script&gt;"' in html


def test_a_long_scale_gets_no_radios() -> None:
    assert str(level_radios(indicator(max_value=str(MAX_RADIOS), step="1"), None)) == ""
    assert str(level_radios(indicator(max_value=str(MAX_RADIOS - 1), step="1"), None)).count("radio") == MAX_RADIOS


class Render:
    """Stands for the template's macro: counts its calls and shows what it was given."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, ind: IndicatorDef, picked: str | None, note: str, files: object, error: str | None,
                 with_files: bool, accept: str) -> str:
        self.calls += 1
        return f"<b>{ind.code}={picked} note={note} files={files} error={error} lang={current_language.get()}</b>"


def test_clean_blocks_are_rendered_once_then_reused() -> None:
    render = Render()
    inds = [indicator(code="R1.1"), indicator(code="R1.2")]
    first = indicator_blocks(render, inds, {"R1.1": "3"}, {}, {}, {}, True, ".pdf")
    again = indicator_blocks(render, inds, {"R1.1": "3"}, {}, {}, {}, True, ".pdf")
    assert first == again
    assert render.calls == 2
    assert "<b>R1.1=3 " in str(first)
    assert "<b>R1.2=None " in str(first)
    # Another picked value, form variant or language is another block.
    indicator_blocks(render, inds[:1], {"R1.1": "4"}, {}, {}, {}, True, ".pdf")
    indicator_blocks(render, inds[:1], {"R1.1": "3"}, {}, {}, {}, False, "")
    token = current_language.set("en")
    try:
        english = indicator_blocks(render, inds[:1], {"R1.1": "3"}, {}, {}, {}, True, ".pdf")
    finally:
        current_language.reset(token)
    assert render.calls == 5
    assert "lang=en" in str(english)


def test_an_edited_indicator_is_not_served_its_old_block() -> None:
    render = Render()
    before = indicator(code="R2.1", rubric={"4": "Lama"})
    after = indicator(code="R2.1", rubric={"4": "Baru"})
    indicator_blocks(render, [before], {}, {}, {}, {}, True, "")
    indicator_blocks(render, [after], {}, {}, {}, {}, True, "")
    assert render.calls == 2


def test_blocks_with_a_note_evidence_or_error_are_rendered_every_time() -> None:
    render = Render()
    ind = indicator(code="R3.1")
    for _ in range(2):
        html = indicator_blocks(render, [ind], {}, {"R3.1": "catatan"}, {}, {}, True, "")
        indicator_blocks(render, [ind], {}, {}, {"R3.1": ["foto.jpg"]}, {}, True, "")
        indicator_blocks(render, [ind], {}, {}, {}, {"R3.1": "Wajib diisi"}, True, "")
    assert render.calls == 6
    assert "note=catatan" in str(html)


def test_the_cache_stays_bounded() -> None:
    render = Render()
    for n in range(MAX_BLOCKS + 50):
        indicator_blocks(render, [indicator(code=f"Z{n}")], {}, {}, {}, {}, True, "")
    assert len(sheet_html._blocks) <= MAX_BLOCKS
