"""The Makefile keeps the README's promise: `make test` needs only Python, make and PyPI; the one
step that installs a system package (Chromium, with apt-get) is `make browser`, named in the README."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _dry_run(target: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # -n: print the commands only; -B: as if nothing were built yet (a fresh clone)
    done = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.parametrize("target", ["test", "demo", "lint"])
def test_make_readme_commands_install_no_system_package(target: str) -> None:
    assert "apt-get" not in _dry_run(target)


def test_make_browser_step_is_explicit_and_documented() -> None:
    assert "apt-get" in _dry_run("browser")
    opening = (ROOT / "README.md").read_text(encoding="utf-8").split("## What it does")[0]
    assert "make browser" in opening and "apt-get" in opening
