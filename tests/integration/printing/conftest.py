"""Fixtures for the printing tests: one renderer per session."""

from __future__ import annotations

import pytest

from app.printing.render import WeasyPrintRenderer


@pytest.fixture(scope="session")
def renderer() -> WeasyPrintRenderer:
    return WeasyPrintRenderer()
