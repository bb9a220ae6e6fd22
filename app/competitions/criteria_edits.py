"""The edits of the criteria forms, as mutations of a document (see ``criteria.apply``).

Words: an item is addressed by its *kind* (``domain``, ``aspect``, ``indicator``, ``eligibility``) and its
code; its *place* is the list holding it, its index there and its validation path. Form values stay
text (numbers with a decimal comma are turned into a point); ``validate_catalogue`` judges them.
"""

from __future__ import annotations

from typing import Any

from app.competitions.criteria import Doc, Mutation
from app.competitions.errors import Refused
from app.i18n import _

KINDS = ("domain", "aspect", "indicator", "eligibility")


def _num(text: str) -> str:
    return text.strip().replace(",", ".")


def place(doc: Doc, kind: str, code: str) -> tuple[list[Any], int, str]:
    """The list holding the item, its index and its path; raises ``Refused`` when it is not there."""
    cat = doc["catalogue"]
    if kind == "eligibility":
        lists = [(cat.setdefault("eligibility", []), "catalogue.eligibility")]
    elif kind == "domain":
        lists = [(cat.setdefault("domains", []), "catalogue.domains")]
    elif kind == "aspect":
        lists = [(d.setdefault("aspects", []), f"catalogue.domains[{di}].aspects")
                 for di, d in enumerate(cat.get("domains") or [])]
    else:
        lists = [(a.setdefault("indicators", []), f"catalogue.domains[{di}].aspects[{ai}].indicators")
                 for di, d in enumerate(cat.get("domains") or []) for ai, a in enumerate(d.get("aspects") or [])]
        lists.append((cat.setdefault("presentation", []), "catalogue.presentation"))
    for items, path in lists:
        for index, item in enumerate(items):
            if str(item.get("code")) == code:
                return items, index, f"{path}[{index}]"
    raise Refused.one("__all__", _("This item no longer exists; reload the page."), 404)


def _aspect_list(doc: Doc, aspect_code: str) -> tuple[list[Any], str]:
    if not aspect_code:
        return doc["catalogue"].setdefault("presentation", []), "catalogue.presentation"
    aspect_items, index, path = place(doc, "aspect", aspect_code)
    return aspect_items[index].setdefault("indicators", []), f"{path}.indicators"


def indicator_values(data: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": data.get("code", "").strip(),
        "name": data.get("name", "").strip(),
        "max": _num(data.get("max", "")),
        "step": _num(data.get("step", "")) or "1",
        "weight": _num(data.get("weight", "")),
        "stage": data.get("stage", "").strip(),
        "kind": data.get("kind", "judge").strip() or "judge",
    }
    if data.get("evidence", "").strip():
        item["evidence"] = data["evidence"].strip()
    rubric = {k[len("rubric_"):]: v.strip() for k, v in data.items() if k.startswith("rubric_") and v.strip()}
    if rubric:
        item["rubric"] = rubric
    return item


def save_indicator(code: str | None, data: dict[str, str]) -> Mutation:
    """Add (``code`` None) or edit an indicator; the ``aspect`` field moves it (empty = presentation)."""

    def mutate(doc: Doc) -> str:
        values = indicator_values(data)
        target_code = data.get("aspect", "").strip()
        if code is not None:
            items, index, path = place(doc, "indicator", code)
            old = items[index]
            if "evidence" not in values and old.get("evidence") and "evidence" not in data:
                values["evidence"] = old["evidence"]
            target, target_path = _aspect_list(doc, target_code)
            if target is items:
                items[index] = values
                return path
            items.pop(index)
        else:
            target, target_path = _aspect_list(doc, target_code)
        target.append(values)
        return f"{target_path}[{len(target) - 1}]"

    return mutate


def save_domain(code: str | None, data: dict[str, str]) -> Mutation:
    def mutate(doc: Doc) -> str:
        values = {"code": data.get("code", "").strip(), "name": data.get("name", "").strip(),
                  "weight": _num(data.get("weight", ""))}
        if code is None:
            domains = doc["catalogue"].setdefault("domains", [])
            domains.append({**values, "aspects": []})
            return f"catalogue.domains[{len(domains) - 1}]"
        items, index, path = place(doc, "domain", code)
        items[index].update(values)
        return path

    return mutate


def save_aspect(code: str | None, data: dict[str, str]) -> Mutation:
    def mutate(doc: Doc) -> str:
        values = {"code": data.get("code", "").strip(), "name": data.get("name", "").strip()}
        domain_code = data.get("domain", "").strip()
        d_items, d_index, d_path = place(doc, "domain", domain_code)
        target = d_items[d_index].setdefault("aspects", [])
        if code is not None:
            items, index, path = place(doc, "aspect", code)
            if items is target:
                items[index].update(values)
                return path
            moved = items.pop(index)
            moved.update(values)
            target.append(moved)
        else:
            target.append({**values, "indicators": []})
        return f"{d_path}.aspects[{len(target) - 1}]"

    return mutate


def save_eligibility(code: str | None, data: dict[str, str]) -> Mutation:
    def mutate(doc: Doc) -> str:
        values = {"code": data.get("code", "").strip(), "name": data.get("name", "").strip()}
        if data.get("evidence", "").strip():
            values["evidence"] = data["evidence"].strip()
        if code is None:
            items = doc["catalogue"].setdefault("eligibility", [])
            items.append(values)
            return f"catalogue.eligibility[{len(items) - 1}]"
        items, index, path = place(doc, "eligibility", code)
        items[index] = values
        return path

    return mutate


def delete(kind: str, code: str) -> Mutation:
    def mutate(doc: Doc) -> str:
        items, index, _path = place(doc, kind, code)
        items.pop(index)
        return ""

    return mutate


def move(kind: str, code: str, direction: str) -> Mutation:
    """Move an item one place up or down within its list."""

    def mutate(doc: Doc) -> str:
        items, index, _path = place(doc, kind, code)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        return ""

    return mutate


def levels(item: dict[str, Any]) -> list[str]:
    """The score levels of an indicator (0 to max by step) as text keys, for the rubric fields."""
    from app.competitions.validation import number

    top, step = number(item.get("max")), number(item.get("step") or 1)
    if top is None or step is None or step <= 0 or top <= 0 or top / step > 20:
        return sorted((str(k) for k in (item.get("rubric") or {})), key=lambda k: number(k) or 0)
    out, level = [], number(0)
    assert level is not None
    while level <= top:
        out.append(format(level.normalize(), "f") if level else "0")
        level += step
    return out
