"""Helpers every command shares: the output console, error reporting and date options."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from typing import Any, TypeVar

import duckdb
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import Errors, GeopolError
from ..settings import Settings
from ..store import Store, damaged, store_state

F = TypeVar("F", bound=Callable[..., Any])
err = Console(stderr=True, highlight=False)


def _cell(value: object) -> str:
    text = value.plain if isinstance(value, Text) else str(value)
    return " ".join(text.split())  # one line per row: no tabs or line breaks inside a cell


def tsv(table: Table) -> str:
    """A table as tab-separated lines: its title as a '# ' line, a header, one line per row."""
    columns = list(table.columns)
    lines = [f"# {_cell(table.title)}"] if table.title else []
    lines.append("\t".join(_cell(c.header) for c in columns))
    cells = [list(c.cells) for c in columns]
    lines += ["\t".join(_cell(col[i]) for col in cells) for i in range(table.row_count)]
    return "\n".join(lines) + "\n"


class Output(Console):
    """The commands' standard output. On a terminal, tables are drawn; into a pipe or a file, a
    table is tab-separated lines (whole cells, never wrapped at 80 columns, ready for cut or
    sort) and text lines are not wrapped."""

    def __init__(self) -> None:
        super().__init__(highlight=False, soft_wrap=False)

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        if not self.is_terminal:  # decided on each call: the output may change (tests, redirection)
            if len(objects) == 1 and isinstance(objects[0], Table):
                self.file.write(tsv(objects[0]))
                return
            kwargs.setdefault("soft_wrap", True)
        super().print(*objects, **kwargs)


def errors(fn: F) -> F:
    """A GeopolError becomes its message on stderr and exit code 1; so does a file the command could
    not open for its output (a folder given as the file, a folder that does not exist): E309."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (GeopolError, duckdb.IOException, OSError) as e:
            if isinstance(e, GeopolError):
                numbered = e
            elif isinstance(e, duckdb.IOException):  # a store file cut short or overwritten in part
                numbered = damaged(e)
            elif e.filename is not None:
                numbered = GeopolError(Errors.E309, path=e.filename, detail=e.strerror or type(e).__name__)
            else:
                raise
            err.print(f"[red]error[/] {numbered}", markup=True)
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
