"""Helpers every command shares: error reporting and date options."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console

from ..errors import Errors, GeopolError
from ..settings import Settings
from ..store import Store, store_state

F = TypeVar("F", bound=Callable[..., Any])
err = Console(stderr=True, highlight=False)


def errors(fn: F) -> F:
    """A GeopolError becomes its message on stderr and exit code 1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except GeopolError as e:
            err.print(f"[red]error[/] {e}", markup=True)
            raise typer.Exit(1) from e

    return wrapper  # type: ignore[return-value]


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise GeopolError(Errors.E302, value=value) from e


@contextmanager
def reading(settings: Settings) -> Iterator[Store]:
    """The store open for reading, after its warnings (an ingest at work on it, one that was
    interrupted, event reports not yet in clusters) went to stderr."""
    with Store(settings.store, read_only=True, wait=settings.lock_seconds) as store:
        for warning in store_state(store).warnings:
            err.print("[yellow]warning[/] ", end="")
            err.print(warning, markup=False)
        yield store
