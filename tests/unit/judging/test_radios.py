"""The ready-made radio buttons of an indicator: escaped, the picked value checked, none for long scales."""

from __future__ import annotations

from decimal import Decimal

from app.judging.radios import MAX_RADIOS, level_radios
from app.judging.services import IndicatorDef


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
