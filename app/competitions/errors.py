"""The one exception of the set-up services: what was refused and why, field by field.

``errors`` maps a form field name to messages already translated for the current request; the key
``__all__`` holds messages about the whole form. Services raise it before writing anything, or inside
their write transaction (which then rolls back), so a refused action never leaves half its changes.
"""

from __future__ import annotations


class Refused(Exception):
    def __init__(self, errors: dict[str, list[str]], status_code: int = 422) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors
        self.status_code = status_code

    @classmethod
    def one(cls, field: str, message: str, status_code: int = 422) -> Refused:
        return cls({field: [message]}, status_code)
