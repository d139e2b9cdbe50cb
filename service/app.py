"""The app factory that uvicorn workers import: each builds its own settings, store and matcher."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from service.api import create_app
from service.settings import Settings


def make_app() -> FastAPI:
    """Called once per worker process by ``passerelle serve``."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return create_app(Settings())
