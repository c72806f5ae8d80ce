"""Reading the knowledge files in ``geopol/data``: tab-separated (gzip-compressed when the name ends
in ``.gz``), header row, '#' comments."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from .errors import Errors, GeopolError

DATA = resources.files("geopol") / "data"


def data_path(relative: str) -> Path:
    return Path(str(DATA / relative))


def read_tsv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for every data row; E102 if the header lacks a required column,
    E101 for a row with the wrong number of cells."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as f:
                lines = f.read().splitlines()
        else:
            lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, EOFError) as err:
        raise GeopolError(Errors.E102, file=path.name) from err
    header: list[str] | None = None
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"header lacks {missing}")
            continue
        if len(cells) > len(header):
            raise GeopolError(
                Errors.E101, file=path.name, line=n, detail=f"{len(cells)} cells, header has {len(header)}"
            )
        cells += [""] * (len(header) - len(cells))
        yield n, dict(zip(header, cells, strict=True))
    if header is None:
        raise GeopolError(Errors.E102, file=path.name)


def split_values(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())
