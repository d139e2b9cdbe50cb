"""The API's documentation page (Swagger UI), served with its assets from this server.

FastAPI's default ``/docs`` and ``/redoc`` load their scripts from a CDN: a lab's network may not
reach it, and a page should not tell a third party who reads it. Swagger UI comes from the npm
package ``swagger-ui-dist`` that ``make`` installs under ``node_modules/`` (``package.json``);
without it, ``/docs`` answers 503 saying so, and the API itself is unaffected.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/assets/swagger-ui"


def add_api_docs(app: FastAPI, assets: Path) -> None:
    """``GET /docs`` (Swagger UI) and its assets under ``/assets/swagger-ui``, from ``assets``
    (the ``swagger-ui-dist`` folder)."""
    app.mount(ASSETS_URL, StaticFiles(directory=assets, check_dir=False), name="swagger-ui")

    @app.get("/docs", include_in_schema=False, response_model=None)
    def docs() -> HTMLResponse | JSONResponse:
        if not (assets / "swagger-ui-bundle.js").is_file():
            return JSONResponse(
                status_code=503,
                content={"detail": f"documentation assets missing in {assets}: run `make run` or `npm ci`"},
            )
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="Passerelle — API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
        )
