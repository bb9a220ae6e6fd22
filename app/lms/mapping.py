"""Reading certificates out of an LMS's JSON answer through a field map.

Words used here:

- *dotted path*: ``data.certs`` means ``body["data"]["certs"]``; a numeric part indexes a list
  (``results.0.items``); the empty path means the value itself.
- *shape error*: the answer is JSON but the certificate list is not where the field map says, or is not a
  list of objects. The adapter records it as `galat`, never as "not found".

A missing optional field (title, holder, date) becomes an empty text / None; a certificate without a
number *and* without a status is a shape error, because nothing could be verified from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.lms.contract import Certificate

_MISSING = object()


class ShapeError(ValueError):
    """The JSON answer does not have the shape the field map describes."""


def dig(data: Any, path: str) -> Any:
    """The value at a dotted path, or `_MISSING`."""
    if path in ("", "."):
        return data
    current = data
    for part in path.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return _MISSING
    return current


def _text(value: Any) -> str:
    if value is _MISSING or value is None:
        return ""
    return str(value)


def extract_certificates(body: Any, field_map: Mapping[str, str]) -> tuple[Certificate, ...]:
    """The certificates in a decoded JSON answer, read through `field_map` (see `config.FIELD_NAMES`)."""
    items = dig(body, field_map["items"])
    if items is _MISSING:
        raise ShapeError(f"no certificate list at {field_map['items']!r}")
    if items is None:
        return ()
    if not isinstance(items, list):
        raise ShapeError(f"{field_map['items']!r} is a {type(items).__name__}, not a list")
    certificates = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ShapeError(f"certificate #{index} is a {type(item).__name__}, not an object")
        values = {name: dig(item, path) for name, path in field_map.items() if name != "items"}
        if values["number"] in (_MISSING, None) and values["status"] in (_MISSING, None):
            raise ShapeError(
                f"certificate #{index} has neither {field_map['number']!r} nor {field_map['status']!r}"
            )
        issue = values["issue_date"]
        certificates.append(
            Certificate(
                number=_text(values["number"]),
                course_code=_text(values["course_code"]),
                course_title=_text(values["course_title"]),
                holder_name=_text(values["holder_name"]),
                issue_date=None if issue is _MISSING or issue is None else str(issue),
                status=_text(values["status"]),
            )
        )
    return tuple(certificates)
