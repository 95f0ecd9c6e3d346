"""`jdlint eval`: how often jdlint is right on hand-labelled real postings.

The labels (eval/labels.yaml) say what each posting has; a rule that reports something
missing is right when the label says it is missing. Per rule and concept we count true and
false positives and negatives; for language, role family and level the share detected
right. The postings themselves stay in the corpus folder and are referred to by path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import lint_file
from .catalog import catalogue
from .config import Config
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
    if (rule, concept) == ("missing-benefit", "salary"):  # reported by missing-pay-range where it runs
        return any(
            (f.name == rule and f.concept == concept) or (f.name == "missing-pay-range" and f.concept == "salary")
            for f in result.findings
        )
    return any(f.name == rule and f.concept == concept for f in result.findings)


def _label(entry: dict[str, Any], group: str, key: str) -> bool:
    value = entry.get(group)
    return bool(value.get(key)) if isinstance(value, dict) else bool(value)


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
        result = lint_file(path, config or Config())
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
        for (rule, concept), (group, key) in CHECKS.items():
            if scope.get(rule) and entry.get("family") not in scope[rule]:
                continue
            present = _label(entry, group, key or concept)
            fired = _fired(result, rule, concept)
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
    for (rule, concept), c in report.checks.items():
        if c.fired >= min_fired:
            if (c.precision or 0) < 0.9:
                problems.append(f"{rule}:{concept} precision {_pct(c.precision)} < 0.90")
            if (c.recall or 0) < 0.8:
                problems.append(f"{rule}:{concept} recall {_pct(c.recall)} < 0.80")
    return problems


def main(corpus: Path, labels: Path, fmt: str, verbose: bool, strict: bool) -> int:
    report = evaluate(corpus, labels)
    if fmt == "json":
        print(json.dumps(report.as_json(), indent=2))
    else:
        print(render(report, verbose), end="")
    problems = below_bar(report)
    if fmt != "json" and problems:
        print("\nBelow the bar:\n" + "\n".join(f"  {p}" for p in problems))
    return 1 if strict and problems else 0


def default_paths() -> tuple[Path, Path]:
    """The labels next to the checkout, and the corpus beside it (../shared/corpus)."""
    root = Path(__file__).resolve().parents[2]
    return root.parent / "shared" / "corpus", root / "eval" / "labels.yaml"
