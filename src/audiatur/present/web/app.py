"""The web app: server-rendered pages over the ledger (Jinja2, autoescaped; ingested text is never HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from audiatur import __version__
from audiatur.errors import AudiaturError
from audiatur.present.wording import claim_summary
from audiatur.store import ClaimFilter, DocumentFilter, Store, open_store

__all__ = ["create_app"]

HERE = Path(__file__).parent
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'"


def create_app(database_url: str, *, public: bool = False, local_admin: bool = False) -> FastAPI:
    """The web app over the ledger at `database_url`."""
    app = FastAPI(title="audiatur", version=__version__, docs_url="/docs")
    store: Store = open_store(database_url)
    templates = Jinja2Templates(directory=str(HERE / "templates"), autoescape=True)
    templates.env.globals["summary"] = claim_summary
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.store = store

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(AudiaturError)
    async def audiatur_error(request: Request, exc: AudiaturError) -> JSONResponse:
        return JSONResponse({"ok": False, "error": str(exc), "status": exc.status}, status_code=exc.status)

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        summary = store.summary()
        documents = store.list_documents(DocumentFilter(), limit=200).items
        claims = store.list_claims(ClaimFilter(), limit=200).items
        return templates.TemplateResponse(
            request, "index.html", {"summary": summary, "documents": documents, "claims": claims}
        )

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: str) -> HTMLResponse:
        doc = store.get_document(doc_id)
        claims = store.list_claims(ClaimFilter(document_id=doc.id), limit=500).items
        return templates.TemplateResponse(request, "document.html", {"doc": doc, "claims": claims})

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "version": __version__}

    @app.on_event("shutdown")
    def close() -> None:
        store.close()

    return app
