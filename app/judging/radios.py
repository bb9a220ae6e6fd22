"""The score choices of one indicator as HTML radio buttons, built once per indicator definition.

A 40-indicator sheet has a few hundred radio buttons; rendering each one through the template (with an
escape per attribute) took a third of the sheet request. The markup is a pure function of the
indicator's code, scale and rubric, so it is built once per process, in an LRU cache keyed by that
content (never by a database id: an edited rubric is simply another key), and only the ``checked``
mark is chosen per request. Scales with more than ``MAX_RADIOS`` values get a text box instead
(the template's job), so this returns an empty string for them.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from markupsafe import Markup

from app.judging.services import IndicatorDef
from app.judging.validation import Scale, canonical

MAX_RADIOS = 11


@functools.lru_cache(maxsize=4096)
def _choices(
    code: str, max_value: Decimal, step: Decimal, rubric: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str, str], ...]:
    """(value, HTML unchecked, HTML checked) for each valid value, lowest first; () for long scales.

    The HTML is built with ``Markup.format``, which escapes every value put into it.
    """
    levels = Scale(max_value, step).levels()
    if len(levels) > MAX_RADIOS:
        return ()
    texts = dict(rubric)
    out = []
    for level in levels:
        value = canonical(level)
        head = Markup('<label class="level"><input type="radio" name="v:{}" value="{}" required').format(code, value)
        text = texts.get(value, "")
        tail = Markup('><span class="level-box"><span class="level-value">{}</span>{}</span></label>').format(
            value.replace(".", ","),
            Markup('<span class="level-text">{}</span>').format(text) if text else "",
        )
        out.append((value, str(head + tail), str(head + Markup(" checked") + tail)))
    return tuple(out)


def level_radios(ind: IndicatorDef, picked: str | None) -> Markup:
    """The radio buttons of ``ind`` with ``picked`` checked; empty when the scale is too long for radios."""
    choices = _choices(ind.code, ind.max_value, ind.step, tuple(ind.rubric.items()))
    html = "\n".join(checked if value == picked else unchecked for value, unchecked, checked in choices)
    return Markup(html)  # noqa: S704 - joined from pieces escaped by Markup.format in _choices
