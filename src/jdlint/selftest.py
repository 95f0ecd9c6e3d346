"""Run a rule's own examples: text where it fires, text where it stays quiet, and its fixes.

The test suite runs every example of every built-in rule through this, and
`jdlint check-rules DIR` runs a user's rules the same way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .config import Config
from .engine import lint_source
from .fixes import fix_text
from .model import Result, Rule
from .source import Source


def _config(rule: Rule, lang: str, extra_dirs: tuple[str, ...], item: Any) -> Config:
    options = item.get("options", {}) if isinstance(item, dict) else {}
    meta = item.get("config", {}) if isinstance(item, dict) else {}
    return Config(
        language=lang,
        select=(rule.name,),
        rule_dirs=extra_dirs,
        rules={rule.name: dict(options)},
        role=meta.get("role"),
        level=meta.get("level"),
        jurisdiction=meta.get("jurisdiction"),
        preview=True,  # an example shows what the rule does, in preview or not
    )


def _lint(text: str, cfg: Config, fmt: str | None = None) -> Result:
    if fmt:  # a document of another format (`format: html`), read as a file of that suffix
        from .formats import from_bytes

        return lint_source(from_bytes(text.encode("utf-8"), f"example.{fmt}"), cfg)
    return lint_source(Source("<example>", text), cfg)


def examples(rule: Rule) -> Iterator[tuple[str, str, Any]]:
    """(language, what, example) for every example of the rule."""
    for lang, ex in rule.examples.items():
        for what in ("fires", "quiet", "fixes"):
            for item in ex.get(what, []) or []:
                yield lang, what, item


def run_example(rule: Rule, lang: str, what: str, item: Any, extra_dirs: tuple[str, ...] = ()) -> str | None:
    """None when the example holds, else what went wrong. An example is a text, or a mapping
    with `text` (or `before`/`after`), `options` or `config` (role, level) to use, `format`
    (html) when the text is not Markdown, and for a firing example the exact `message` of one
    of its findings."""
    cfg = _config(rule, lang, extra_dirs, item)
    message = item.get("message") if isinstance(item, dict) else None
    fmt = item.get("format") if isinstance(item, dict) else None
    if isinstance(item, dict) and what != "fixes":
        item = item["text"]
    if what == "fixes":
        before, after = str(item["before"]), str(item["after"])
        got, _, _ = fix_text(before, lambda t: _lint(t, cfg), unsafe=bool(item.get("unsafe")))
        return None if got == after else f"[{lang}] fix of {before!r} gave {got!r}, expected {after!r}"
    found = [f for f in _lint(str(item), cfg, fmt).findings if f.name == rule.name]
    if what == "fires" and not found:
        return f"[{lang}] does not fire on {str(item)[:80]!r}"
    if what == "fires" and message is not None and all(f.message != message for f in found):
        return f"[{lang}] on {str(item)[:80]!r} says {found[0].message!r}, expected {message!r}"
    if what == "quiet" and found:
        return f"[{lang}] fires in {str(item)[:80]!r}: {found[0].message}"
    return None


def run_examples(rule: Rule, extra_dirs: tuple[str, ...] = ()) -> list[str]:
    return [p for lang, what, item in examples(rule) if (p := run_example(rule, lang, what, item, extra_dirs))]
