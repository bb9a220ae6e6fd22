"""Piccolo's configuration: the engine comes from DATABASE_URL (see app/settings.py)."""

from piccolo.conf.apps import AppRegistry

from app.db import engine_for_url
from app.settings import Settings

DB = engine_for_url(Settings.from_env().database_url)

APP_REGISTRY = AppRegistry(apps=["app.piccolo_app"])
