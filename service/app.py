"""The app factory that uvicorn workers import: each builds its own settings, store and matcher."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from threadpoolctl import threadpool_limits

from service.api import create_app
from service.settings import Settings


def make_app() -> FastAPI:
    """Called once per worker process by ``passerelle serve``.

    Each worker keeps to its share of the cores: the model's forward pass (torch) and the
    ranking's matrix products (BLAS) run on ``torch_threads`` threads, so that the workers answer
    side by side instead of taking turns on every core.
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings()
    threadpool_limits(limits=settings.server.torch_threads)
    return create_app(settings)
