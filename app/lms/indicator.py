"""The LMS indicator (``kind: lms``): its value per village from the stored certificate checks.

Words used here:

- *share*: counted active officials with a verified latest check over all counted active officials
  (`app.officials.repo.lms_share`; 0 when nobody counts).
- *level*: the share through the LMS rubric (`app.officials.lms_level.lms_level`, thresholds from the
  competition's ``rules.lms_thresholds`` or the default 20/40/60/80 %).
- *provisional*: some counted official's latest check is ``galat`` or ``tertunda`` (or missing): the level
  may still change, so the competition must not be finalised on it without a written override.
- *unsettled* villages: those whose value is provisional.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from app.competitions.tables import Competition
from app.officials import repo
from app.officials.lms_level import DEFAULT_THRESHOLDS, lms_level, share_of


class LmsValue(NamedTuple):
    """The LMS indicator of one village: rubric level 0-4, the exact share, and whether it is provisional."""

    level: int
    share: Fraction
    provisional: bool


def thresholds_of(rules: Any) -> tuple[Decimal, ...]:
    """The competition's ``rules.lms_thresholds`` (JSON object or text), or the default rubric."""
    import json

    if isinstance(rules, str):
        rules = json.loads(rules or "{}")
    raw = (rules or {}).get("lms_thresholds") if isinstance(rules, dict) else None
    if not raw:
        return DEFAULT_THRESHOLDS
    return tuple(Decimal(str(t)) for t in raw)


async def lms_indicator_values(competition_id: int) -> dict[int, LmsValue]:
    """The LMS indicator value of every village (entrant id) of the competition."""
    row = await Competition.select(Competition.rules).where(Competition.id == competition_id).first()
    thresholds = thresholds_of(row["rules"] if row else None)
    out: dict[int, LmsValue] = {}
    for entrant_id, s in (await repo.lms_shares(competition_id)).items():
        share = share_of(s.verified, s.active)
        out[entrant_id] = LmsValue(lms_level(share, thresholds), share, s.provisional)
    return out


async def lms_unsettled(competition_id: int) -> list[int]:
    """Entrant ids whose LMS value is provisional (finalising needs an override with a reason)."""
    values = await lms_indicator_values(competition_id)
    return sorted(e for e, v in values.items() if v.provisional)
