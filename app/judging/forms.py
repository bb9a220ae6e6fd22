"""Reading sheet input from the JSON API and from the HTML form into ``SubmissionIn``; messages for problems.

Words: a *field problem* is ``{"field": name, "problem": kind}`` for the envelope (uuid, version, time);
an *indicator problem* is ``{"indicator": code, "problem": kind}`` from ``validation.check_values``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from app.i18n import N_, gettext
from app.judging.validation import Problem

PROBLEM_MESSAGES = {
    "missing": N_("Choose a score."),
    "not_a_number": N_("The score is not a number."),
    "out_of_range": N_("The score is outside the allowed range."),
    "off_step": N_("The score is not one of the allowed steps."),
    "unknown_indicator": N_("This indicator is not on your sheet."),
    "invalid": N_("This value is not valid."),
}


class EnvelopeError(ValueError):
    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__("invalid envelope")
        self.problems = problems


def problem_message(kind: str) -> str:
    return gettext(PROBLEM_MESSAGES.get(kind, PROBLEM_MESSAGES["invalid"]))


def problems_json(problems: list[Problem]) -> list[dict[str, str]]:
    return [{"indicator": p.indicator, "problem": p.kind, "message": problem_message(p.kind)} for p in problems]


def parse_uuid(raw: object) -> uuid.UUID | None:
    if not isinstance(raw, str):
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def parse_version(raw: object) -> tuple[bool, int | None]:
    """(ok, version): null/blank → None; a positive integer (or its digits as text) → that."""
    if raw is None or raw == "":
        return True, None
    if isinstance(raw, bool):
        return False, None
    if isinstance(raw, int):
        return raw > 0, raw
    if isinstance(raw, str) and raw.strip().isdigit() and int(raw) > 0:
        return True, int(raw)
    return False, None


def parse_time(raw: object) -> tuple[bool, dt.datetime | None]:
    """(ok, time) from ISO 8601; a time without zone is taken as UTC."""
    if raw is None or raw == "":
        return True, None
    if not isinstance(raw, str):
        return False, None
    try:
        value = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        return False, None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return True, value


def envelope(body: Any) -> dict[str, Any]:
    """The checked API body: client_uuid, base_version, device_time, values, notes, remark."""
    if not isinstance(body, Mapping):
        raise EnvelopeError([{"field": "body", "problem": "invalid", "message": problem_message("invalid")}])
    problems = []
    client_uuid = parse_uuid(body.get("client_uuid"))
    if client_uuid is None:
        problems.append("client_uuid")
    ok_version, base_version = parse_version(body.get("base_version"))
    if not ok_version:
        problems.append("base_version")
    ok_time, device_time = parse_time(body.get("device_time"))
    if not ok_time:
        problems.append("device_time")
    values = body.get("values")
    if not isinstance(values, Mapping):
        problems.append("values")
    notes = body.get("notes") or {}
    if not isinstance(notes, Mapping) or not all(isinstance(v, str) for v in notes.values()):
        problems.append("notes")
    remark = body.get("remark") or ""
    if not isinstance(remark, str):
        problems.append("remark")
    if problems:
        raise EnvelopeError(
            [{"field": name, "problem": "invalid", "message": problem_message("invalid")} for name in problems]
        )
    return {
        "client_uuid": client_uuid, "base_version": base_version, "device_time": device_time,
        "values": dict(values), "notes": dict(notes), "remark": remark,  # type: ignore[arg-type]
    }


def from_form(form: Mapping[str, Any], codes: list[str]) -> dict[str, Any]:
    """Values, notes and remark from the sheet form (fields ``v:<code>``, ``n:<code>``, ``remark``)."""
    values = {code: form.get(f"v:{code}") or "" for code in codes}
    notes = {code: form.get(f"n:{code}") or "" for code in codes}
    return {
        "values": {k: v for k, v in values.items() if isinstance(v, str) and v.strip()},
        "notes": {k: v for k, v in notes.items() if isinstance(v, str) and v.strip()},
        "remark": form.get("remark") if isinstance(form.get("remark"), str) else "",
    }
