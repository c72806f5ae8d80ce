"""The browser page of geopol's HTTP API: static HTML, CSS and JavaScript, no build step.

The assets work offline and under a strict Content-Security-Policy (no inline scripts or styles,
no external hosts): the server mounts :func:`static_dir` at ``/static`` and serves its
``index.html`` at ``/``. The page talks to the JSON API under ``/api``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["static_dir"]


def static_dir() -> Path:
    """The folder holding ``index.html`` and the page's scripts and styles."""
    return Path(__file__).resolve().parent / "static"
