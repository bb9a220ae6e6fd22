"""Settings for talking to an LMS over HTTP, read from the environment.

Words used here:

- *field map*: where our fields live in the LMS's JSON answer. Keys are our names (``items`` for the list
  of certificates, then ``number``, ``course_code``, ``course_title``, ``holder_name``, ``issue_date``,
  ``status``); values are dotted paths (``data.certs``, ``course.code``). An empty path for ``items``
  means the answer itself is the list. ``LMS_FIELD_MAP`` overrides only the keys it names.
- *query params*: the query-string names the LMS uses for our identity kinds (``email``, ``phone``,
  ``user_id``); ``LMS_QUERY_PARAMS`` overrides them the same way.

This module does no I/O beyond reading the mapping it is given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from app.lms.contract import IDENTITY_KINDS, VERIFIED_STATUSES

FIELD_NAMES: tuple[str, ...] = (
    "items",
    "number",
    "course_code",
    "course_title",
    "holder_name",
    "issue_date",
    "status",
)
DEFAULT_FIELD_MAP: Mapping[str, str] = MappingProxyType(
    {"items": "certificates", **{name: name for name in FIELD_NAMES[1:]}}
)
DEFAULT_QUERY_PARAMS: Mapping[str, str] = MappingProxyType({kind: kind for kind in IDENTITY_KINDS})


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class LmsSettings:
    """How to reach the LMS and how hard to try. Durations are in seconds.

    `cache_ttl_seconds` is how long a `terverifikasi` answer stays fresh; `negative_cache_ttl_seconds`
    the same for `tidak_ditemukan` (shorter by default: an official may finish a course tomorrow).
    `max_retries` counts retries after the first attempt. The breaker opens after `breaker_threshold`
    consecutive failed attempts and lets one probe through after `breaker_cooldown`.
    """

    base_url: str = "http://127.0.0.1:8100"
    path: str = "/api/v1/certificates"
    auth_header: str = "X-API-Key"
    auth_token: str | None = None
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    concurrency: int = 8
    cache_ttl_seconds: float = 7 * 24 * 3600.0
    negative_cache_ttl_seconds: float = 24 * 3600.0
    max_retries: int = 4
    backoff_base: float = 0.25
    backoff_max: float = 8.0
    retry_after_max: float = 60.0
    breaker_threshold: int = 5
    breaker_cooldown: float = 30.0
    field_map: Mapping[str, str] = field(default_factory=lambda: DEFAULT_FIELD_MAP, hash=False)
    query_params: Mapping[str, str] = field(default_factory=lambda: DEFAULT_QUERY_PARAMS, hash=False)
    verified_statuses: frozenset[str] = VERIFIED_STATUSES

    def __post_init__(self) -> None:
        unknown = set(self.field_map) - set(FIELD_NAMES)
        if unknown:
            raise ValueError(f"unknown field map keys: {sorted(unknown)}; known: {list(FIELD_NAMES)}")
        object.__setattr__(self, "field_map", _frozen({**DEFAULT_FIELD_MAP, **self.field_map}))
        unknown = set(self.query_params) - set(IDENTITY_KINDS)
        if unknown:
            raise ValueError(f"unknown query param keys: {sorted(unknown)}; known: {list(IDENTITY_KINDS)}")
        object.__setattr__(self, "query_params", _frozen({**DEFAULT_QUERY_PARAMS, **self.query_params}))
        object.__setattr__(
            self, "verified_statuses", frozenset(s.strip().lower() for s in self.verified_statuses)
        )
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if self.max_retries < 0 or self.breaker_threshold < 1:
            raise ValueError("max_retries must be >= 0 and breaker_threshold >= 1")

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/" + self.path.lstrip("/")

    def with_(self, **changes: Any) -> LmsSettings:
        """A copy with some settings changed (handy in tests and benchmarks)."""
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> LmsSettings:
        """Read ``LMS_*`` variables; unset or empty ones keep the defaults. See `ENV_VARS`."""
        kwargs: dict[str, Any] = {}
        for var, (attr, parse) in ENV_VARS.items():
            raw = environ.get(var, "")
            if raw.strip() == "":
                continue
            try:
                kwargs[attr] = parse(raw)
            except ValueError as exc:
                raise ValueError(f"{var}: {exc}") from exc
        return cls(**kwargs)


def _json_str_map(raw: str) -> Mapping[str, str]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError("expected a JSON object of strings")
    return data


def _statuses(raw: str) -> frozenset[str]:
    return frozenset(part.strip().lower() for part in raw.split(",") if part.strip())


ENV_VARS: Mapping[str, tuple[str, Any]] = {
    "LMS_BASE_URL": ("base_url", str.strip),
    "LMS_PATH": ("path", str.strip),
    "LMS_AUTH_HEADER": ("auth_header", str.strip),
    "LMS_AUTH_TOKEN": ("auth_token", str),
    "LMS_CONNECT_TIMEOUT": ("connect_timeout", float),
    "LMS_READ_TIMEOUT": ("read_timeout", float),
    "LMS_CONCURRENCY": ("concurrency", int),
    "LMS_CACHE_TTL": ("cache_ttl_seconds", float),
    "LMS_NEGATIVE_CACHE_TTL": ("negative_cache_ttl_seconds", float),
    "LMS_MAX_RETRIES": ("max_retries", int),
    "LMS_BACKOFF_BASE": ("backoff_base", float),
    "LMS_BACKOFF_MAX": ("backoff_max", float),
    "LMS_RETRY_AFTER_MAX": ("retry_after_max", float),
    "LMS_BREAKER_THRESHOLD": ("breaker_threshold", int),
    "LMS_BREAKER_COOLDOWN": ("breaker_cooldown", float),
    "LMS_FIELD_MAP": ("field_map", _json_str_map),
    "LMS_QUERY_PARAMS": ("query_params", _json_str_map),
    "LMS_VERIFIED_STATUSES": ("verified_statuses", _statuses),
}
