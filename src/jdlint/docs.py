"""Rule documentation, generated from the rules' YAML: `jdlint explain` and docs/rules.md."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Rule

_LANG_NAMES = {"en": "English", "de": "German"}


def rule_markdown(rule: Rule, heading: str = "#") -> str:
    out = [f"{heading} {rule.code} {rule.name}", ""]
    if rule.summary.get("en"):
        out += [rule.summary["en"], ""]
    if rule.summary.get("de"):
        out += [f"*{rule.summary['de']}*", ""]
    out += [
        f"- Kind: {rule.kind}; default severity: {rule.severity}; concern: {rule.concern}",
        f"- Advice: {rule.advice or '-'}",
    ]
    if rule.preview:
        what = ", ".join(rule.preview.get("concepts") or []) or "the whole rule"
        out.append(f"- **Preview** ({what}; on with `--preview`): {rule.preview['why']}")
    if rule.options:
        out.append("- Options: " + ", ".join(f"`{k}` (default {v!r})" for k, v in rule.options.items()))
    out.append("")
    if rule.rationale:
        out += [rule.rationale, ""]
    if rule.sources:
        out += ["Sources:", "", *[f"- {s}" for s in rule.sources], ""]
    for lang, ex in rule.examples.items():
        out.append(f"{heading}# Examples ({_LANG_NAMES.get(lang, lang)})")
        out.append("")
        for text in ex.get("fires", []):
            said = f"\n  says: {text['message']}" if isinstance(text, dict) and text.get("message") else ""
            out.append(f"- Flagged: `{_one_line(text)}`{_setting(text)}{said}")
        for text in ex.get("quiet", []):
            out.append(f"- Fine: `{_one_line(text)}`{_setting(text)}")
        for pair in ex.get("fixes", []):
            out.append(f"- Fix: `{_one_line(pair['before'])}` → `{_one_line(pair['after'])}`{_setting(pair)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def preview_label(rule: Rule) -> str:
    """ "preview", "preview: training, career" (the concepts in preview), or "" for a stable rule."""
    if not rule.preview:
        return ""
    concepts = rule.preview.get("concepts")
    return f"preview: {', '.join(concepts)}" if concepts else "preview"


def _setting(example: object) -> str:
    """The role, level and options an example runs with, where it names them."""
    if not isinstance(example, dict):
        return ""
    parts = [f"{k}: {v}" for k, v in (example.get("config") or {}).items()]
    parts += [f"{k}: {v}" for k, v in (example.get("options") or {}).items()]
    return f" ({'; '.join(parts)})" if parts else ""


def _one_line(text: object) -> str:
    if isinstance(text, dict):
        text = text.get("text", "")
    return " ⏎ ".join(line for line in str(text).strip().splitlines() if line.strip()).replace("`", "'")


def catalogue_markdown(rules: Iterable[Rule]) -> str:
    rules = list(rules)
    out = [
        "# Rules",
        "",
        "Generated from `rules/*.yaml` by `python -m jdlint.docs`; do not edit by hand.",
        "",
        "Rules and concepts marked *preview* are off by default: they have not yet met the bar on",
        "postings nobody tuned them for (docs/accuracy.md). `--preview` or `preview: true` turns them on.",
        "",
        "| Code | Name | Severity | Advice | Summary |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        severity = f"{r.severity} ({preview_label(r)})" if r.preview else r.severity
        link = f"[{r.name}](#{r.code.lower()}-{r.name})"
        out.append(f"| {r.code} | {link} | {severity} | {r.advice} | {r.summary.get('en', '')} |")
    out.append("")
    out += [rule_markdown(r, "##") for r in rules]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    import sys
    from pathlib import Path

    from .catalog import catalogue

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/rules.md")
    target.write_text(catalogue_markdown(catalogue()), encoding="utf-8")
    print(f"wrote {target}")
