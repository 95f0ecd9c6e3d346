"""The pre-commit hooks, run by the real `pre-commit` program against a copy of this checkout.

pre-commit clones the hooks repository at a commit and pip-installs it into a virtualenv of
its own. The virtualenv is made with the system site-packages visible, so jdlint's
dependencies (spaCy and the rest) are not downloaded again; jdlint itself is built and
installed from the copy, as it would be for a user."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(not shutil.which("pre-commit"), reason="pre-commit is not installed")


def git(*args: str, cwd: Path) -> str:
    cmd = ["git", "-c", "user.name=jdlint", "-c", "user.email=jdlint@example.invalid", "-c", "commit.gpgsign=false"]
    return subprocess.run([*cmd, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def hooks_repo(dest: Path) -> str:
    """This checkout's working tree (tracked and new files, not ignored ones) committed to a
    fresh repository; returns the commit."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        src = ROOT / name
        if src.is_file():  # a tracked file deleted in the working tree is left out
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-qm", "hooks", cwd=dest)
    return git("rev-parse", "HEAD", cwd=dest)


def test_hooks_check_and_fix_postings(tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    rev = hooks_repo(hooks)
    posts = tmp_path / "posts"
    posts.mkdir()
    git("init", "-q", cwd=posts)
    (posts / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: jdlint\n  - id: jdlint-fix\n", encoding="utf-8"
    )
    good = (ROOT / "examples" / "posting.md").read_text(encoding="utf-8")
    bad = good.replace(" to ", " in order to ", 1)
    (posts / "good.md").write_text(good, encoding="utf-8")
    (posts / "bad.txt").write_text(bad, encoding="utf-8")  # .txt postings are hooked too
    (posts / "notes.py").write_text("# in order to\n", encoding="utf-8")  # and other text files are not
    git("add", "-A", cwd=posts)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1",
        # offline: build jdlint with the setuptools already installed, fetch nothing
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",
        "PRE_COMMIT_COLOR": "never",
    }

    def pre_commit(hook: str, *files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pre-commit", "run", hook, "--files", *files],
            cwd=posts,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    ok = pre_commit("jdlint", "good.md", "notes.py")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "notes.py" not in ok.stdout

    failed = pre_commit("jdlint", "bad.txt")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "bad.txt:" in failed.stdout and "JD301 filler-word" in failed.stdout
    assert (posts / "bad.txt").read_text(encoding="utf-8") == bad  # checking changes nothing

    fixed = pre_commit("jdlint-fix", "bad.txt")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout, fixed.stdout + fixed.stderr
    assert (posts / "bad.txt").read_text(encoding="utf-8") == good  # which the first run passed
