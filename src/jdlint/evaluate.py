"""`jdlint eval`: how often jdlint is right on hand-labelled real postings.

The labels (eval/labels.yaml) say what each posting has; a rule that reports something
missing is right when the label says it is missing. Per rule and concept we count true and
false positives and negatives; for language, role family and level the share detected
right. The postings themselves stay in the corpus folder and are referred to by path.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .api import lint_file
from .catalog import catalogue
from .config import Config
from .data import builtin_eval_dir
from .roles import models
from .yamlio import load_file

# (rule, concept) -> how to read the label: where the label is False, the rule should fire.
CHECKS: dict[tuple[str, str], tuple[str, str]] = {
    **{
        ("missing-section", s): ("sections", s)
        for s in ("company", "duties", "skills", "traits", "qualifications", "benefits")
    },
    **{
        ("missing-benefit", b): ("benefits", b)
        for b in ("salary", "work-life-balance", "flexible-hours", "training", "career", "equipment", "values")
    },
    ("missing-standards", "standards"): ("standards", ""),
    ("missing-pay-range", "pay-figure"): ("benefits", "pay-figure"),
    # Counted per (posting, duty): a duty the labelled role model lists, or any duty reported
    # where the label names no model (another role, or none that fits).
    ("missing-duty", "duties"): ("duties", ""),
}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    fp_files: list[str] = field(default_factory=list)
    fn_files: list[str] = field(default_factory=list)

    @property
    def fired(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return self.tp / self.fired if self.fired else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Report:
    postings: int
    detection: dict[str, dict[str, Any]]  # language/family/level -> {right, total, share, wrong}
    checks: dict[tuple[str, str], Counts]
    by_language: dict[str, dict[tuple[str, str], Counts]]

    def as_json(self) -> dict[str, Any]:
        def counts(c: Counts) -> dict[str, Any]:
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "tn": c.tn,
                "precision": c.precision,
                "recall": c.recall,
                "false_positives": c.fp_files,
                "false_negatives": c.fn_files,
            }

        return {
            "postings": self.postings,
            "detection": self.detection,
            "checks": {f"{r}:{c}": counts(v) for (r, c), v in self.checks.items()},
            "by_language": {
                lang: {f"{r}:{c}": counts(v) for (r, c), v in d.items()} for lang, d in self.by_language.items()
            },
        }


def _fired(result: Any, rule: str, concept: str) -> bool:
    if rule == "missing-pay-range":  # no figure: pay vague or not named at all
        return any(f.name == rule and f.concept in ("salary", "vague-pay") for f in result.findings)
    return any(f.name == rule and concept in _concepts(f) for f in result.findings)


def _label(entry: dict[str, Any], group: str, key: str) -> bool:
    value = entry.get(group)
    return bool(value.get(key)) if isinstance(value, dict) else bool(value)


def _outcomes(
    entry: dict[str, Any], result: Any, scope: dict[str, Any]
) -> Iterator[tuple[tuple[str, str], bool, bool]]:
    """(check, present by the label, fired) for every check that applies to the posting."""
    for (rule, concept), (group, key) in CHECKS.items():
        if scope.get(rule) and entry.get("family") not in scope[rule]:
            continue
        if rule == "missing-duty":
            if "model" not in entry and entry.get("family") == "customer-service":
                continue  # the dev split labels no duties
            labelled = entry.get("duties") or {}
            reported = {d for f in result.findings if f.name == rule for d in _concepts(f)}
            for duty in sorted(set(labelled) | reported):
                yield (rule, concept), bool(labelled.get(duty, True)), duty in reported
            continue
        yield (rule, concept), _label(entry, group, key or concept), _fired(result, rule, concept)


def _concepts(finding: Any) -> list[str]:
    """The concepts a finding names (a list-mode finding names several, joined by commas)."""
    return [d for d in (finding.concept or "").split(",") if d]


def evaluate(corpus: Path, labels_path: Path, config: Config | None = None) -> Report:
    data = load_file(labels_path)
    entries = data["postings"] if isinstance(data, dict) else data
    family_of = {m.id: m.family for m in models().values()}
    # A rule made for some role families only (missing-standards: customer service) is
    # measured on postings of those families, by their label.
    scope = {r.name: r.data.get("families") for r in catalogue()}
    detection = {k: {"right": 0, "total": 0, "wrong": []} for k in ("language", "family", "level")}
    checks: dict[tuple[str, str], Counts] = {k: Counts() for k in CHECKS}
    by_language: dict[str, dict[tuple[str, str], Counts]] = {}
    for entry in entries:
        path = corpus / entry["file"]
        result = lint_file(path, config or Config(preview=True))  # preview checks are measured too
        if result.error:
            raise RuntimeError(result.error)
        got = {"language": result.language, "family": family_of.get(result.role, "other"), "level": result.level}
        for key, d in detection.items():
            d["total"] += 1
            if got[key] == entry.get(key):
                d["right"] += 1
            else:
                d["wrong"].append(f"{entry['file']}: {got[key]} (label {entry.get(key)})")
        lang_checks = by_language.setdefault(entry.get("language", "?"), {k: Counts() for k in CHECKS})
        for (rule, concept), present, fired in _outcomes(entry, result, scope):
            for c in (checks[(rule, concept)], lang_checks[(rule, concept)]):
                if fired and not present:
                    c.tp += 1
                elif fired:
                    c.fp += 1
                    c.fp_files.append(entry["file"])
                elif not present:
                    c.fn += 1
                    c.fn_files.append(entry["file"])
                else:
                    c.tn += 1
    for d in detection.values():
        d["share"] = d["right"] / d["total"] if d["total"] else None
    return Report(len(entries), detection, checks, by_language)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def table(checks: dict[tuple[str, str], Counts]) -> list[str]:
    out = [
        "| rule | concept | fired | TP | FP | FN | TN | precision | recall |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for (rule, concept), c in checks.items():
        out.append(
            f"| {rule} | {concept} | {c.fired} | {c.tp} | {c.fp} | {c.fn} | {c.tn} | "
            f"{_pct(c.precision)} | {_pct(c.recall)} |"
        )
    return out


def render(report: Report, verbose: bool = False) -> str:
    lines = [f"Labelled postings: {report.postings}", "", "| detected | right | share |", "|---|--:|--:|"]
    for key, d in report.detection.items():
        lines.append(f"| {key} | {d['right']}/{d['total']} | {d['share']:.0%} |")
    lines += ["", "All postings:", "", *table(report.checks)]
    for lang, checks in sorted(report.by_language.items()):
        lines += ["", f"Language {lang}:", "", *table(checks)]
    if verbose:
        lines += ["", "Disagreements:"]
        for key, d in report.detection.items():
            lines += [f"  {key}: {w}" for w in d["wrong"]]
        for (rule, concept), c in report.checks.items():
            lines += [f"  {rule}:{concept} FP {f}" for f in c.fp_files]
            lines += [f"  {rule}:{concept} FN {f}" for f in c.fn_files]
    return "\n".join(lines) + "\n"


def below_bar(report: Report, min_fired: int = 5) -> list[str]:
    """The bar: language 100 %, family 95 %, level 90 %; precision 0.9 and recall 0.8 for
    every check that fires at least `min_fired` times."""
    problems = []
    for key, bar in (("language", 1.0), ("family", 0.95), ("level", 0.9)):
        share = report.detection[key]["share"] or 0.0
        if share < bar:
            problems.append(f"{key} detection {share:.0%} < {bar:.0%}")
    rules = {r.name: r for r in catalogue()}
    for (rule, concept), c in report.checks.items():
        if rules[rule].in_preview(concept):
            continue  # off by default: the bar is what it must meet to leave preview
        if c.fired >= min_fired:
            if (c.precision or 0) < 0.9:
                problems.append(f"{rule}:{concept} precision {_pct(c.precision)} < 0.90")
            if (c.recall or 0) < 0.8:
                problems.append(f"{rule}:{concept} recall {_pct(c.recall)} < 0.80")
    return problems


VERDICTS = ("useful", "wrong", "noise")


@dataclass
class Usefulness:
    """Per rule, how the panel judged its findings; and the findings nobody judged yet."""

    postings: int
    verdicts: dict[str, dict[str, int]]  # rule -> verdict -> count
    unjudged: list[str]
    rules: str = "default rules"  # which rules were judged

    def share(self, rule: str | None = None) -> float | None:
        rows = [self.verdicts[rule]] if rule else list(self.verdicts.values())
        total = sum(sum(r.values()) for r in rows)
        return sum(r["useful"] for r in rows) / total if total else None


def judgement_key(file: str, rule: str, concept: str | None, text: str) -> tuple[str, str, str, str]:
    return file, rule, concept or "", " ".join(text.split())


def usefulness(corpus: Path, judgements_path: Path, config: Config | None = None) -> Usefulness:
    """Lint the judged postings again and match today's findings to the verdicts by file, rule,
    concept and text: a finding whose key was never judged is listed, not guessed."""
    data = load_file(judgements_path)
    if data.get("select"):  # judgements of some rules only: lint with those, preview or not
        config = replace(config or Config(), select=tuple(data["select"]), preview=True)
    judged = {
        judgement_key(p["file"], f["rule"], f.get("concept"), f["text"]): f["verdict"]
        for p in data["postings"]
        for f in p.get("findings") or ()
    }
    verdicts: dict[str, dict[str, int]] = {}
    unjudged: list[str] = []
    for entry in data["postings"]:
        result = lint_file(corpus / entry["file"], config or Config())
        if result.error:
            raise RuntimeError(result.error)
        for f in result.findings:
            verdict = judged.get(judgement_key(entry["file"], f.name, f.concept, result.text[f.start : f.end]))
            if verdict is None:
                unjudged.append(f"{entry['file']}:{f.name}:{f.concept or ''}: {f.message[:80]}")
            else:
                verdicts.setdefault(f.name, dict.fromkeys(VERDICTS, 0))[verdict] += 1
    rules = ", ".join(data["select"]) if data.get("select") else "default rules"
    return Usefulness(len(data["postings"]), dict(sorted(verdicts.items())), unjudged, rules)


def render_usefulness(u: Usefulness) -> str:
    lines = [
        f"## Judged findings ({u.postings} postings, {u.rules})",
        "",
        "| rule | findings | useful | wrong | noise | useful share |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for rule, v in u.verdicts.items():
        lines.append(
            f"| {rule} | {sum(v.values())} | {v['useful']} | {v['wrong']} | {v['noise']} | {_pct(u.share(rule))} |"
        )
    lines += ["", f"All judged findings: {_pct(u.share())} useful; not yet judged: {len(u.unjudged)}"]
    lines += [f"  unjudged {x}" for x in u.unjudged]
    return "\n".join(lines) + "\n"


SPLITS = {"test": "test.yaml", "dev": "labels.yaml"}  # the frozen test split is reported first
JUDGEMENTS = "judgements.yaml"


def main(
    corpus: Path, labels: list[Path], fmt: str, verbose: bool, strict: bool, judgements: Path | None = None
) -> int:
    reports = {_split_name(path): evaluate(corpus, path) for path in labels}
    problems = {name: below_bar(r) for name, r in reports.items()}
    if fmt == "json":
        print(json.dumps({name: r.as_json() for name, r in reports.items()}, indent=2))
    else:
        for name, report in reports.items():
            print(f"## Split: {name} ({report.postings} postings)\n")
            print(render(report, verbose))
            if problems[name]:
                print("Below the bar:\n" + "\n".join(f"  {p}" for p in problems[name]) + "\n")
    if judgements is not None and judgements.is_file() and fmt != "json":
        print(render_usefulness(usefulness(corpus, judgements)), end="")
    return 1 if strict and any(problems.values()) else 0


def _split_name(path: Path) -> str:
    return next((name for name, file in SPLITS.items() if file == path.name), path.stem)


def label_files() -> list[Path]:
    """Both splits' labels as installed with jdlint."""
    return [builtin_eval_dir() / file for file in SPLITS.values()]


def judgements_file() -> Path:
    return builtin_eval_dir() / JUDGEMENTS


def default_corpus() -> Path:
    """$JDLINT_CORPUS, else ../shared/corpus from here, else beside the checkout."""
    if os.environ.get("JDLINT_CORPUS"):
        return Path(os.environ["JDLINT_CORPUS"])
    here = Path("../shared/corpus")
    return here if here.is_dir() else Path(__file__).resolve().parents[3] / "shared" / "corpus"
