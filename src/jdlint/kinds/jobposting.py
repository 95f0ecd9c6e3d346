"""JobPosting kind: the schema.org JobPosting markup of a career page, as Google for Jobs reads it.

The rules run only on a web page that carries JobPosting markup (JSON-LD or microdata; see
formats.html, which puts each object in Origin.markup): a Markdown posting has none, and they
stay silent. A finding stands on the markup, in the HTML comment the reader appends for it
(mapped to the script in the page's source): on the property it is about where the JSON text
names it, else on the object's `@type`.

Rule data:
  check: what the rule looks for:
    required: `properties` missing or empty; `remote` names the property that a remote job
      may replace ({replaces, needs, jobLocationType}).
    recommended: `properties` ({name: example JSON}) missing; `salary-units` the unitText
      values baseSalary may have; `skip-if-active` ({baseSalary: rule}) leaves a missing
      baseSalary to that rule where the page states pay.
    expired / future: `property` is a date in the past (expired) or in the future (future);
      a value that is no ISO 8601 date is reported too.
    title: a `title` that is more than a job title: `patterns` (RE2, case-insensitive: urgency,
      shouting), capitals, the hiring organisation's name, a pay amount (the pay rule's
      `amounts`) or the job's place.
    description: the `description` against the visible posting, as sets of word pairs: the
      share of the page's pairs it holds (`min-covered`) and of its own pairs the page holds
      (`min-on-page`).
    salary: baseSalary in the markup against pay on the page (as the pay rule finds it).
    invalid: an ld+json script that is not valid JSON.
  messages: {KEY: {en, de}} per finding type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Finding, Rule
from ..yamlio import ConfigError, line_of
from . import lexicon, pay

EXTRA_OPTIONS: set[str] = set()
CHECKS = ("required", "recommended", "expired", "future", "title", "description", "salary", "invalid")
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$", re.I
)
# The object's "@type": "JobPosting" (in a list, as a URL): where a finding on the whole object stands.
_TYPE = re.compile(r'"@type"\s*:\s*(?:\[[^\]]*?)?"(?:https?://schema\.org/)?JobPosting"')
_JOINTS = ("organisation-before", "organisation-after")
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d{1,3}(?:[.,' \u202f\u00a0]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?")


def validate(rule: Rule, data: Any, path: Path) -> None:
    if data.get("check") not in CHECKS:
        raise ConfigError(path, f"data.check must be one of: {', '.join(CHECKS)}", line_of(data))
    for p in data.get("patterns") or ():
        lexicon._re2(str(p), path, line_of(data, "patterns"))
    for key in _JOINTS:
        if data.get(key) is not None:
            lexicon._re2(str(data[key]), path, line_of(data, key))


def postings(ctx: Any) -> list[dict[str, Any]]:
    """The JobPosting objects of the page (none for Markdown), invalid JSON-LD included."""
    origin = ctx.posting.source.origin
    return list(origin.markup) if origin is not None else []


def check(ctx: Any) -> Iterator[Finding]:
    check_ = ctx.rule.data["check"]
    for job in postings(ctx):
        if (job.get("_kind") == "invalid") == (check_ == "invalid"):
            yield from _CHECKS[check_](ctx, job)


def _message(ctx: Any, key: str, **args: Any) -> str | None:
    return ctx.say((ctx.rule.data.get("messages") or {}).get(key) or {}, **args) or None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(value: Any) -> str:
    """A name from a property that is text or an object with `name` (an Organization)."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name")
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


def _span(ctx: Any, job: dict[str, Any], prop: str | None = None, value: bool = False) -> tuple[int, int]:
    """Where a finding about `prop` stands: its value (`value`) or its key in the JSON text,
    else the object's type; a microdata object's whole start tag."""
    start, end = job["_at"]
    text = ctx.posting.text[start:end]
    if job.get("_kind") == "microdata":
        return start, end
    m = re.search(rf'"{re.escape(prop)}"\s*:\s*("(?:[^"\\]|\\.)*")?', text) if prop else None
    if m and value and m.group(1):
        return start + m.start(1) + 1, start + m.end(1) - 1
    m = m or _TYPE.search(text)
    if m:
        return start + m.start(), start + m.start() + len(prop or "@type") + 2
    lead = len(text) - len(text.lstrip())
    return start + lead, min(start + lead + 1, end)


# -- required and recommended properties


def _required(ctx: Any, job: dict[str, Any]) -> Iterator[Finding]:
    data = ctx.rule.data
    remote = data.get("remote") or {}
    for prop in data.get("properties") or ():
        if not _empty(job.get(prop)):
            continue
        if prop == remote.get("replaces") and not _empty(job.get(remote.get("needs"))):
            types = job.get("jobLocationType")
            if remote.get("jobLocationType") in (types if isinstance(types, list) else [types]):
                continue
        key = "location" if prop == remote.get("replaces") else "missing"
        yield ctx.finding(*_span(ctx, job), message=_message(ctx, key, property=prop), property=prop)


def _salary_gaps(salary: Any, units: list[str]) -> list[str]:
    """The parts of baseSalary that Google needs and it lacks: currency, value, unitText."""
    salary = _first(salary)
    if not isinstance(salary, dict):
        return ["currency", "value", "unitText"]
    gaps = [] if isinstance(salary.get("currency"), str) and salary["currency"].strip() else ["currency"]
    value = _first(salary.get("value"))
    if not _figures(salary):
        gaps.append("value")
    unit = value.get("unitText") if isinstance(value, dict) else salary.get("unitText")
    if str(unit or "").upper() not in units:
        gaps.append("unitText")
    return gaps


def _recommended(ctx: Any, job: dict[str, Any]) -> Iterator[Finding]:
    data = ctx.rule.data
    units = [str(u).upper() for u in data.get("salary-units") or ()]
    skip = data.get("skip-if-active") or {}
    missing = []
    for prop, example in (data.get("properties") or {}).items():
        if _empty(job.get(prop)):
            if skip.get(prop) in ctx.active and _page_pays(ctx):  # that rule says more: the page shows pay
                continue
            missing.append((prop, example))
        elif prop == "baseSalary":
            gaps = _salary_gaps(job[prop], units)
            if gaps:
                yield ctx.finding(
                    *_span(ctx, job, prop),
                    message=_message(ctx, "salary", parts=", ".join(gaps), units="/".join(units), example=example),
                )
    if missing:  # one finding for the markup's gaps, with the JSON for the first
        prop, example = missing[0]
        if len(missing) == 1:
            message = _message(ctx, "missing", property=prop, example=example)
        else:
            left, right = ("„", "“") if ctx.lang == "de" else ("'", "'")
            names = ", ".join(f"{left}{p}{right}" for p, _ in missing)
            message = _message(ctx, "several", properties=names, example=example)
        yield ctx.finding(*_span(ctx, job), message=message)


# -- dates


def parse_date(text: Any) -> dt.date | dt.datetime | None:
    """An ISO 8601 date or date and time (with or without a zone), else None."""
    m = _ISO.match(str(text).strip()) if isinstance(text, str) else None
    if not m:
        return None
    year, month, day, hour, minute, second, zone = m.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        tz = None
        if zone:
            if zone.upper() == "Z":
                tz = dt.timezone.utc
            else:
                digits = zone[1:].replace(":", "")
                delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
                tz = dt.timezone(-delta if zone[0] == "-" else delta)
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=tz)
    except ValueError:  # 2026-02-30
        return None


def _compare(when: dt.date | dt.datetime) -> int:
    """-1 in the past, 0 today or now, 1 in the future: a date alone counts the whole day."""
    if isinstance(when, dt.datetime):
        now = dt.datetime.now(when.tzinfo) if when.tzinfo else dt.datetime.now()
        return (when > now) - (when < now)
    today = dt.date.today()
    return (when > today) - (when < today)


def _dates(ctx: Any, job: dict[str, Any]) -> Iterator[Finding]:
    prop = ctx.rule.data["property"]
    value = _first(job.get(prop))
    if _empty(value):
        return
    when = parse_date(value)
    span = _span(ctx, job, prop, value=True)
    if when is None:
        yield ctx.finding(*span, message=_message(ctx, "unparseable", property=prop, value=value), value=value)
    elif _compare(when) == (-1 if ctx.rule.data["check"] == "expired" else 1):
        yield ctx.finding(*span, property=prop, value=value)


# -- title


def _title(ctx: Any, job: dict[str, Any]) -> Iterator[Finding]:
    title = _name(job.get("title"))
    if not title:
        return
    reasons = _title_problems(ctx, title, job)
    if not reasons:
        return
    heading = " ".join(str(ctx.posting.extra.get("title_text") or "").split())
    better = ""
    if heading and heading != title and not _title_problems(ctx, heading, job):
        better = _message(ctx, "better", heading=heading) or ""
    said = "; ".join(m for r in reasons if (m := _message(ctx, r)))
    yield ctx.finding(*_span(ctx, job, "title", value=True), text=title, reasons=said, better=better)


def _title_problems(ctx: Any, title: str, job: dict[str, Any]) -> list[str]:
    data = ctx.rule.data
    out = []
    letters = [c for c in title if c.isalpha()]
    if len(letters) >= 6 and len(title.split()) > 1 and all(c.isupper() for c in letters):
        out.append("capitals")
    if lexicon.any_of(data.get("patterns") or (), ctx.rule.path).search(title):
        out.append("urgent")
    if _names_employer(ctx, title, _name(job.get("hiringOrganization"))):
        out.append("organisation")
    rule = _pay_rule(ctx)
    if rule and lexicon.any_of(rule.data.get("amounts") or (), rule.path).search(title):
        out.append("salary")
    if any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", title, re.I) for p in _places(job)):
        out.append("location")
    return out


def _names_employer(ctx: Any, title: str, company: str) -> bool:
    if len(company) < 3:
        return False
    data = ctx.rule.data
    before, after = (lexicon._re2(str(data.get(k) or r"[^\s\S]"), ctx.rule.path, None) for k in _JOINTS)
    for m in re.finditer(rf"(?<!\w){re.escape(company)}(?!\w)", title, re.I):
        if before.search(title[: m.start()]) or after.search(title[m.end() :]):
            return True
    return False


def _places(job: dict[str, Any]) -> list[str]:
    locations = job.get("jobLocation")
    out = []
    for place in locations if isinstance(locations, list) else [locations]:
        address = place.get("address") if isinstance(place, dict) else None
        address = _first(address)
        if isinstance(address, dict):
            for key in ("addressLocality", "addressRegion"):
                name = address.get(key)
                if isinstance(name, str) and len(name.strip()) >= 3:
                    out.append(name.strip())
    return out


# -- description


def _pairs(text: str) -> set[tuple[str, str]]:
    words = [w.casefold() for w in _WORD.findall(text)]
    return set(zip(words, words[1:]))


def _description(ctx: Any, job: dict[str, Any]) -> Iterator[Finding]:
    from ..formats.html import plain_text

    description = _first(job.get("description"))
    if job.get("_page") != "visible" or not isinstance(description, str):
        return
    mine, page = _pairs(plain_text(description)), _pairs(ctx.posting.masked)
    if not mine or not page:
        return
    shared = len(mine & page)
    covered, on_page = shared / len(page), shared / len(mine)
    data = ctx.rule.data
    span = _span(ctx, job, "description")
    if on_page < float(data.get("min-on-page", 0.8)):
        yield ctx.finding(*span, message=_message(ctx, "elsewhere", share=round(100 * (1 - on_page))))
    elif covered < float(data.get("min-covered", 0.5)):
        yield ctx.finding(*span, share=round(100 * covered))


# -- salary


def _pay_rule(ctx: Any) -> Rule | None:
    return next((r for r in ctx.catalogue if r.kind == "pay"), None)


def _page_pays(ctx: Any) -> bool:
    """Whether the page states this job's pay, as the pay rule decides."""
    rule = _pay_rule(ctx)
    return rule is not None and pay.pay_figures(ctx, rule)[0]


def _number(value: Any) -> float | None:
    try:
        return float(str(value).replace(",", "")) if not isinstance(value, bool) else None
    except ValueError:
        return None


def _figures(salary: Any) -> list[float]:
    """The amounts of a baseSalary: value, or minValue and maxValue."""
    salary = _first(salary)
    if not isinstance(salary, dict):
        return []
    value = _first(salary.get("value"))
    if isinstance(value, dict):
        found = [_number(value.get(k)) for k in ("value", "minValue", "maxValue") if value.get(k) is not None]
    else:
        found = [_number(value)] if value is not None else []
    return [f for f in found if f is not None]


def _page_numbers(text: str) -> set[float]:
    """Every figure in the text, "50,000" and "50.000" alike; "60k" and a bare "50" (of
    "50–60k") as thousands too."""
    out: set[float] = set()
    for m in _NUMBER.finditer(text):
        raw = m.group(0)
        grouped = re.fullmatch(r"(\d{1,3}(?:[.,' \u202f\u00a0]\d{3})+)(?:[.,](\d{1,2}))?", raw)
        if grouped:
            value = float(re.sub(r"\D", "", grouped.group(1)) + "." + (grouped.group(2) or "0"))
        else:
            value = float(raw.replace(",", "."))
        out.add(value)
        if value < 1000:
            out.add(value * 1000)
    return out


def _salary_text(salary: Any) -> str:
    salary = _first(salary)
    figures = "–".join(f"{f:,.0f}" if f == int(f) else f"{f:,.2f}" for f in _figures(salary))
    currency = salary.get("currency", "") if isinstance(salary, dict) else ""
    return " ".join(x for x in (figures, str(currency)) if x)


def _salary(ctx: Any, job: dict[str, Any]) -> Iterator[Finding]:
    salary = job.get("baseSalary")
    shown = _page_pays(ctx)
    if _empty(salary):
        if shown:
            yield ctx.finding(*_span(ctx, job), message=_message(ctx, "unmarked"))
        return
    span = _span(ctx, job, "baseSalary")
    figures = _figures(salary)
    if not shown:
        yield ctx.finding(*span, salary=_salary_text(salary))
        return
    numbers = _page_numbers(ctx.posting.masked)
    if figures and not all(any(abs(f - n) < 0.5 for n in numbers) for f in figures):
        yield ctx.finding(*span, message=_message(ctx, "differs", salary=_salary_text(salary)))


def _invalid(ctx: Any, job: dict[str, Any]) -> Iterator[Finding]:
    start, end = job["_at"]
    at = max(min(job["_error_at"], end - 1), start)
    # The parser's own words are English and change between Python versions: the place says it.
    yield ctx.finding(at, min(at + 1, end))


_CHECKS = {
    "required": _required,
    "recommended": _recommended,
    "expired": _dates,
    "future": _dates,
    "title": _title,
    "description": _description,
    "salary": _salary,
    "invalid": _invalid,
}
