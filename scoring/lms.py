"""The LMS rubric: from the share of certified officials to a level.

Words:
- *share*: active officials (sekdes, kaur, kasi, kadus from the village's SK) holding a verified
  LMS Pamong Desa certificate, divided by all active officials (0..1).
- *level*: the indicator value, 0..len(thresholds); the default thresholds 0.20, 0.40, 0.60, 0.80
  give 0 (<20%), 1 (20-39%), 2 (40-59%), 3 (60-79%), 4 (>=80%).

Counting officials and checking certificates is the app's work, not this module's.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from scoring.model import DEFAULT_LMS_THRESHOLDS


def lms_level(share: Decimal, thresholds: Sequence[Decimal] = DEFAULT_LMS_THRESHOLDS) -> int:
    """The number of thresholds the share reaches: a share equal to a threshold reaches it."""
    if not share.is_finite() or not 0 <= share <= 1:
        raise ValueError(f"a share is between 0 and 1, not {share}")
    return sum(1 for threshold in thresholds if share >= threshold)
