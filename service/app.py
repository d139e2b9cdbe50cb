"""The app factory that uvicorn workers import: each builds its own settings, store and matcher."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from threadpoolctl import threadpool_limits

from service.api import create_app
from service.settings import Settings


def make_app() -> FastAPI:
    """Called once per worker process by ``passerelle serve``.

    The worker ranks in its own process, its matrix products (BLAS) on ``torch_threads``
    threads; the model runs in its pool of encoder processes (``server.encoders``, one per core
    by default), so that concurrent requests encode side by side instead of fighting over every
    core.
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings()
    threadpool_limits(limits=settings.server.torch_threads)
    return create_app(settings)
