"""Pieces of the score sheet's HTML that are built once per process and reused.

A 40-indicator sheet has a few hundred radio buttons and forty blocks of labels; rendering them through
the template on every request was most of the sheet request's time. Both are pure functions of what
they show, so they are cached by that content (never by a database id: an edited rubric is simply
another key):

- ``level_radios``: the score choices of one indicator; only the ``checked`` mark is chosen per request.
  Scales with more than ``MAX_RADIOS`` values get a text box instead (the template's job), so this
  returns an empty string for them.
- ``indicator_blocks``: each indicator's whole block, rendered by the template's own macro (the template
  stays the one place that says what the block looks like). A block without a note, evidence or error
  (nearly all of them) is cached per indicator, picked value, form variant and language; a block with
  any of these is rendered each time.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from app.i18n import current_language
from app.judging.services import IndicatorDef
from app.judging.validation import Scale, canonical

MAX_RADIOS = 11
MAX_BLOCKS = 4096


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


_blocks: OrderedDict[tuple[Any, ...], str] = OrderedDict()


def indicator_blocks(
    render: Callable[..., Any], inds: Sequence[IndicatorDef], values: Mapping[str, str], notes: Mapping[str, str],
    evidence: Mapping[str, Sequence[Any]], errors: Mapping[str, str], with_files: bool, accept: str,
) -> Markup:
    """The blocks of ``inds``, each ``render(ind, picked, note, files, error, with_files, accept)`` (the
    template's macro), cached when the block has no note, evidence or error. One call for a group of
    indicators: a call from the template costs more than a dictionary lookup here."""
    lang = current_language.get()
    out = []
    for ind in inds:
        code = ind.code
        picked = values.get(code)
        note, files, error = notes.get(code, ""), evidence.get(code, ()), errors.get(code)
        if note or files or error:
            out.append(str(render(ind, picked, note, files, error, with_files, accept)))
            continue
        key = (ind.key, picked, with_files, accept, lang)
        html = _blocks.get(key)
        if html is None:
            html = _blocks[key] = str(render(ind, picked, "", (), None, with_files, accept))
            if len(_blocks) > MAX_BLOCKS:
                _blocks.popitem(last=False)
        else:
            _blocks.move_to_end(key)
        out.append(html)
    return Markup("\n".join(out))  # noqa: S704 - the macro's escaped output
