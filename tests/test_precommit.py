"""The pre-commit hooks, run by the real `pre-commit` program against a copy of this checkout.

pre-commit clones the hooks repository at a commit and pip-installs it, with every dependency,
into a virtualenv of its own that sees nothing of the test's environment: as for a user. The
configuration is the README's own snippet."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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


def readme_snippet(repo: Path, rev: str) -> str:
    """The README's .pre-commit-config.yaml, with this repository and commit filled in."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    yaml_block = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.S)
    assert yaml_block, "README has no .pre-commit-config.yaml snippet"
    snippet = yaml_block.group(1).replace("<the URL or path of this repository>", str(repo))
    return snippet.replace("<a tag or commit of it>", rev)


def test_hooks_check_and_fix_postings(tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    rev = hooks_repo(hooks)
    posts = tmp_path / "posts"
    posts.mkdir()
    git("init", "-q", cwd=posts)
    config = readme_snippet(hooks, rev).replace("# - id: jdlint-fix", "- id: jdlint-fix")
    (posts / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    good = (ROOT / "examples" / "posting.md").read_text(encoding="utf-8")
    bad = good.replace(" to ", " in order to ", 1)
    (posts / "good.md").write_text(good, encoding="utf-8")
    (posts / "bad.txt").write_text(bad, encoding="utf-8")  # .txt postings are hooked too
    (posts / "notes.py").write_text("# in order to\n", encoding="utf-8")  # and other text files are not
    (posts / "README.md").write_text("# Our postings\n\nWe write them in order to hire.\n", encoding="utf-8")
    (posts / "docs").mkdir()
    (posts / "docs" / "style.md").write_text("# Style\n\nWe write in order to be read.\n", encoding="utf-8")
    git("add", "-A", cwd=posts)
    # Nothing of this environment reaches the hook's: no site-packages, no pip settings.
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUALENV_", "PYTHON"))}
    env = {**keep, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}

    def pre_commit(hook: str, *files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pre-commit", "run", hook, "--files", *files],
            cwd=posts,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    ok = pre_commit("jdlint", "good.md", "notes.py", "README.md", "docs/style.md")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "notes.py" not in ok.stdout and "README" not in ok.stdout and "style.md" not in ok.stdout
    hook_python = next((tmp_path / "cache").glob("repo*/py_env-*/bin/python"))
    leak = subprocess.run(
        [hook_python, "-c", "import sys; print(sys.flags.no_site, [p for p in sys.path if 'site-packages' in p])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(hook_python.parents[1]) in leak and sys.base_prefix not in leak.split("[", 1)[1], leak

    failed = pre_commit("jdlint", "bad.txt")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "bad.txt:" in failed.stdout and "JD301 filler-word" in failed.stdout
    assert (posts / "bad.txt").read_text(encoding="utf-8") == bad  # checking changes nothing

    fixed = pre_commit("jdlint-fix", "bad.txt")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout, fixed.stdout + fixed.stderr
    assert (posts / "bad.txt").read_text(encoding="utf-8") == good  # which the first run passed
