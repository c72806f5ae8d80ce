"""Stage 10, api: the HTTP API and the web page over a store (``geopol serve``)."""

from .app import PAGE_CSP, create_app, error_body

__all__ = ["PAGE_CSP", "create_app", "error_body"]
