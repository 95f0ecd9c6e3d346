from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The tests exercise every rule, in preview or not; tests of the defaults turn this off.
os.environ["JDLINT_PREVIEW"] = "1"
CORPUS = Path(os.environ.get("JDLINT_CORPUS", ROOT.parent / "shared" / "corpus"))
# The on-disk cache of this run, never the user's own; a fresh one for every run of the suite.
os.environ["JDLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="jdlint-cache-")


# What `--format json` gives a finding (a contract editors and scripts rely on; Markdown and
# text: a Word file adds "paragraph").
FINDING_KEYS = frozenset(
    "code name severity message line column end_line end_column start end text section advice concept fix".split()
)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set JDLINT_CORPUS to its folder)")
    return CORPUS


def jdlint_exe() -> list[str]:
    exe = shutil.which("jdlint")
    return [exe] if exe else [sys.executable, "-m", "jdlint"]


def run(
    *args: str, input: bytes | None = None, cwd: Path | None = None, defaults: bool = False
) -> subprocess.CompletedProcess[bytes]:
    """The installed console script, as a user runs it (`defaults`: with no preview rules)."""
    env = {k: v for k, v in os.environ.items() if not (defaults and k == "JDLINT_PREVIEW")}
    return subprocess.run([*jdlint_exe(), *args], input=input, capture_output=True, cwd=cwd, timeout=300, env=env)
