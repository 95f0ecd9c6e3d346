"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

`::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message` (1-based); values are
escaped as the Actions toolkit does, so a message with a newline or a path with a comma
cannot break the command."""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Result
from .positions import human

LEVELS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def relative(path: str) -> str:
    """A result's path as CI tools want it: relative to the working directory, with slashes."""
    if path.startswith("<"):
        return path.strip("<>")
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def report(results: list[Result]) -> str:
    lines = []
    for r in results:
        file = relative(r.path)
        for f in r.findings:
            line, col = human(r, f.start)
            end_line, end_col = human(r, f.end)
            props = {
                "file": file,
                "line": line,
                "col": col,
                "endLine": end_line,
                "endColumn": end_col,
                "title": f"{f.code} {f.name}",
            }
            joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
            lines.append(f"::{LEVELS[f.severity]} {joined}::{escape_data(f.message)}\n")
    return "".join(lines)
