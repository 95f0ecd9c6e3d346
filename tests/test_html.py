"""Career pages: HTML read into Markdown with positions in the page's source, and the JobPosting
rules (JD8) on its schema.org markup."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import run

from jdlint.config import Config
from jdlint.engine import lint_source
from jdlint.formats import from_bytes
from jdlint.model import Finding
from jdlint.source import Source

TODAY = dt.date.today()

JOB = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "Customer Service Agent",
    "description": "",  # filled in from the page's article
    "datePosted": (TODAY - dt.timedelta(days=3)).isoformat(),
    "validThrough": (TODAY + dt.timedelta(days=60)).isoformat() + "T23:59",
    "employmentType": "FULL_TIME",
    "hiringOrganization": {"@type": "Organization", "name": "Acme Robotics GmbH"},
    "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Berlin"}},
    "baseSalary": {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "minValue": 50000, "maxValue": 60000, "unitText": "YEAR"},
    },
    "identifier": {"@type": "PropertyValue", "name": "Acme", "value": "CS-42"},
    "directApply": True,
}

ARTICLE = """\
      <h1>Customer Service Agent</h1>
      <p>Acme R&amp;D&nbsp;GmbH builds kitchen robots for restaurants across Europe. You help our
        customers in order to keep their kitchens running.</p>
      <section>
        <h2>What you will do</h2>
        <ul>
          <li>Answer incoming calls, e-mails and live chats from restaurant owners</li>
          <li><strong>Orders:</strong> process orders, returns and refunds in our system</li>
          <li>Keep accurate call logs and pass customer feedback to the product team</li>
          <li>Resolve complaints and escalate technical faults to our engineers</li>
        </ul>
      </section>
      <section>
        <h2>What you bring</h2>
        <ul>
          <li>Two years of experience in customer service or a call centre</li>
          <li>Good spoken and written English; German is a plus</li>
        </ul>
      </section>
      <section>
        <h2>What we offer</h2>
        <ul>
          <li>€50,000–60,000 a year</li>
          <li>30 days of holiday and flexible hours</li>
        </ul>
      </section>
"""

NOISE = "Careers navigation in order to Jobs"


def page(job: dict | None = None, article: str = ARTICLE, extra: str = "") -> str:
    """A career page as a site serves it: head, site header with navigation, the posting in an
    article, a footer, scripts; `job` becomes its JSON-LD (with the article as description
    unless the job gives one)."""
    script = ""
    if job is not None:
        job = dict(job)
        if job.get("description") == "":
            job["description"] = article
        script = f'<script type="application/ld+json">\n{json.dumps(job, indent=2, ensure_ascii=False)}\n</script>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Customer Service Agent in order to – Acme Careers</title>
  <style>.in-order-to {{ color: red; }}</style>
  {script}
</head>
<body>
  <header class="site"><a href="/">Acme</a>
    <nav><a href="/jobs">{NOISE}</a></nav>
  </header>
  <main>
    <article>
{article}
    </article>
  </main>
  {extra}
  <footer><p>Imprint in order to Privacy</p></footer>
  <script>var tracking = "in order to";</script>
</body>
</html>
"""


def lint_html(html: str, *rules: str, lang: str = "en") -> list[Finding]:
    source = from_bytes(html.encode("utf-8"), "page.html")
    config = Config(language=lang, select=rules or ("ALL",), preview=True)
    return lint_source(source, config).findings


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def where(html: str, finding: Finding) -> tuple[int, int]:
    source = from_bytes(html.encode("utf-8"), "page.html")
    assert source.origin is not None
    return source.origin.locate(finding.start)


def at(html: str, line: int, col: int) -> str:
    """The HTML source from a 1-based line and column."""
    return html.splitlines(keepends=True)[line - 1][col - 1 :]


# -- the page read as a posting


def test_career_page_through_the_cli(tmp_path: Path) -> None:
    html = page(JOB)
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    out = run("page.html", "--select", "filler-word,missing-section,JD8", cwd=tmp_path).stdout.decode()
    findings = [line for line in out.splitlines() if line.startswith("page.html:")]
    # Navigation, title, style, footer and script say "in order to" too: only the article counts.
    [filler] = [f for f in findings if "JD301" in f]
    m = re.match(r"page\.html:(\d+):(\d+): warning JD301 filler-word", filler)
    assert m, out
    assert at(html, int(m.group(1)), int(m.group(2))).startswith("in order to keep"), out
    # Duties, requirements and benefits are sections the page has; the markup is complete.
    assert not re.search(r"missing-section .*(duties|requirements|benefits|offer)", out), out
    assert "JD8" not in out, out

    data = json.loads(run("page.html", "--format", "json", cwd=tmp_path).stdout)
    for f in data[0]["findings"]:
        assert "Careers navigation" not in f["text"] and "Imprint" not in f["text"] and "tracking" not in f["text"]


def test_blocks_of_a_page() -> None:
    source = from_bytes(page(JOB).encode(), "page.html")
    text = source.text
    assert text.startswith("# Customer Service Agent\n\nAcme R&D GmbH builds kitchen robots")
    assert "\n\n## What you will do\n\n- Answer incoming calls" in text
    assert "\n- **Orders:** process orders" in text
    for noise in ("Careers navigation", "Imprint", "tracking", "Acme Careers", "color: red"):
        assert noise not in text.split("<!--")[0]
    assert text.count("<!--") == 1  # the JSON-LD, masked and mapped to its script


def test_every_word_is_mapped_to_its_place_in_the_source() -> None:
    html = page(JOB)
    source = from_bytes(html.encode(), "page.html")
    assert source.origin is not None
    for start, end, paragraph, offset in source.origin.segments:
        assert paragraph == -1
        word = source.text[start:end]
        if word in ("R&D", "GmbH") or "\n" in word:
            continue
        assert html[offset : offset + len(word)] == word.replace("==", "--"), (word, html[offset : offset + 20])
    r_and_d = source.text.index("R&D")
    line, col = source.origin.locate(r_and_d)
    assert html.splitlines()[line][col:].startswith("R&amp;D&nbsp;GmbH")


@pytest.mark.parametrize(
    ("body", "markdown"),
    [
        ("<h3>Tasks</h3><p>One<br>Two</p>", "### Tasks\n\nOne\nTwo\n"),
        (
            "<ul><li>Calls<ul><li>inbound</li><li>outbound</li></ul></li><li>Mail</li></ul>",
            "- Calls\n  - inbound\n  - outbound\n- Mail\n",
        ),
        ("<ul><li><p>Wrapped in a paragraph</p></li></ul>", "- Wrapped in a paragraph\n"),
        ("<p><b>Hours:</b> 9 to 5</p>", "**Hours:** 9 to 5\n"),
        ("<p><strong>Aufgaben</strong></p><p>Anrufe</p>", "**Aufgaben**\n\nAnrufe\n"),
        ("<p>a<b>b</b>c  d\n\t e</p>", "abc d e\n"),
        ("<table><tr><td>Place</td><td>Leeds</td></tr></table>", "Place\n\nLeeds\n"),
        ("<dl><dt>Hours</dt><dd>Full time</dd></dl>", "**Hours**\n\nFull time\n"),
        ("<div hidden>gone</div><p aria-hidden='true'>gone</p><form>gone</form><p>kept</p>", "kept\n"),
        ("<div role='navigation'>gone</div><p style='display: none'>gone</p><p>kept</p>", "kept\n"),
        ("<article><header><h1>Job</h1></header><p>Text</p></article>", "# Job\n\nText\n"),
        ("<header><h1>Site</h1></header><p>Text</p>", "Text\n"),
        ("<p>M&uuml;ller &amp; S&ouml;hne</p>", "Müller & Söhne\n"),
        ("", ""),
    ],
)
def test_html_to_markdown(body: str, markdown: str) -> None:
    html = f"<html><body>{body}</body></html>" if body else ""
    assert from_bytes(html.encode(), "p.html").text == markdown


def test_odd_pages_do_not_crash() -> None:
    for data in (
        b"\xef\xbb\xbf<p>With a byte-order mark</p>",
        b'<?xml version="1.0" encoding="utf-8"?><html><body><p>XHTML</p></body></html>',
        b"<p>unclosed <b>bold <i>italic",
        b"<p>caf\xe9 in Latin-1</p>",
        "<p>" + "&#x1F600; " * 50 + "</p>",
    ):
        raw = data.encode() if isinstance(data, str) else data
        source = from_bytes(raw, "odd.html")
        assert source.origin is not None
        lint_source(source, Config(language="en", select=("filler-word",)))
    assert from_bytes(b"\xef\xbb\xbf<p>x</p>", "bom.html").bom


# -- the JobPosting rules


def job(**changes: object) -> dict:
    out = {**JOB, **changes}
    return {k: v for k, v in out.items() if v is not None}


def test_complete_markup_is_quiet() -> None:
    assert not lint_html(page(JOB), "JD8")


def test_missing_required_property_one_finding_each() -> None:
    html = page(job(title=None, datePosted=None))
    found = lint_html(html, "jobposting-missing-required")
    assert sorted(f.message.split("'")[1] for f in found) == ["datePosted", "title"]
    assert all(f.severity == "error" for f in found)
    line, _ = where(html, found[0])
    assert html.splitlines()[line].strip().startswith('"@type"') or "JobPosting" in html.splitlines()[line]


def test_remote_job_needs_no_location() -> None:
    remote = job(jobLocation=None, jobLocationType="TELECOMMUTE", applicantLocationRequirements={"name": "Germany"})
    assert not lint_html(page(remote), "jobposting-missing-required")
    half = job(jobLocation=None, jobLocationType="TELECOMMUTE")
    assert codes(lint_html(page(half), "jobposting-missing-required")) == ["JD801"]


def test_missing_recommended_names_the_json_to_add() -> None:
    found = lint_html(page(job(employmentType=None)), "jobposting-missing-recommended")
    assert len(found) == 1 and '"employmentType": "FULL_TIME"' in found[0].message
    partial = job(baseSalary={"currency": "EUR", "value": 50000})
    found = lint_html(page(partial), "jobposting-missing-recommended")
    assert len(found) == 1 and "unitText" in found[0].message and "currency" not in found[0].message.split("(")[0]
    several = lint_html(
        page(job(employmentType=None, directApply=None, identifier=None)), "jobposting-missing-recommended"
    )
    assert len(found) == 1 and len(several) == 1  # one finding for the markup's gaps, naming each
    assert all(f"'{p}'" in several[0].message for p in ("employmentType", "identifier", "directApply"))


@pytest.mark.parametrize(
    ("valid", "fires"),
    [
        (TODAY.isoformat(), False),  # a date alone counts the whole day
        ((TODAY - dt.timedelta(days=1)).isoformat(), True),
        ((TODAY - dt.timedelta(days=2)).isoformat() + "T12:00:00Z", True),
        ((TODAY + dt.timedelta(days=2)).isoformat() + "T12:00:00+02:00", False),
        ((TODAY + dt.timedelta(days=2)).isoformat() + "T12:00", False),
        ("2020-02-30", True),  # no such day: unreadable
        ("next Friday", True),
    ],
)
def test_expired(valid: str, fires: bool) -> None:
    found = lint_html(page(job(validThrough=valid)), "jobposting-expired")
    assert bool(found) == fires
    if valid in ("2020-02-30", "next Friday"):
        assert "ISO 8601" in found[0].message


def test_future_date_posted() -> None:
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    found = lint_html(page(job(datePosted=tomorrow)), "jobposting-future-date")
    assert codes(found) == ["JD804"] and tomorrow in found[0].message
    assert not lint_html(page(job(datePosted=TODAY.isoformat())), "jobposting-future-date")
    assert "ISO 8601" in lint_html(page(job(datePosted="05.01.2026")), "jobposting-future-date")[0].message


@pytest.mark.parametrize(
    "title",
    [
        "CUSTOMER SERVICE AGENT",
        "Customer Service Agent!!!",
        "Urgent: Customer Service Agent",
        "Hiring now - Customer Service Agent",
        "Customer Service Agent at Acme Robotics GmbH",
        "Customer Service Agent €50,000",
        "Customer Service Agent Berlin",
    ],
)
def test_title_that_is_more_than_a_job_title(title: str) -> None:
    found = lint_html(page(job(title=title)), "jobposting-title")
    assert codes(found) == ["JD805"]
    assert "'Customer Service Agent'" in found[0].message  # the page's heading, suggested


def test_title_in_german_and_quiet_titles() -> None:
    found = lint_html(page(job(title="Kundenberater (m/w/d) dringend gesucht")), "jobposting-title", lang="de")
    assert found and "Dringlichkeit" in found[0].message
    assert not lint_html(page(job(title="Customer Service Agent (SAP)")), "jobposting-title")


def test_description_that_differs_from_the_page() -> None:
    short = job(description="<p>Customer Service Agent at Acme.</p>")
    assert codes(lint_html(page(short), "jobposting-description-differs")) == ["JD806"]
    other = job(description="<p>Join our sales team and sell robots door to door for commission only.</p>" * 3)
    assert codes(lint_html(page(other), "jobposting-description-differs")) == ["JD806"]
    # The same posting with other markup and white space is the same description.
    same = job(description=re.sub(r"\s+", " ", re.sub(r"</?(?:section|strong)>", "", ARTICLE)).replace("&nbsp;", " "))
    assert not lint_html(page(same), "jobposting-description-differs")


def test_salary_in_markup_and_on_the_page() -> None:
    assert not lint_html(page(JOB), "jobposting-salary-mismatch")  # "€50,000–60,000 a year"
    no_pay = ARTICLE.replace("<li>€50,000–60,000 a year</li>", "")
    found = lint_html(page(JOB, article=no_pay), "jobposting-salary-mismatch")
    assert codes(found) == ["JD807"] and "50,000–60,000 EUR" in found[0].message
    found = lint_html(page(job(baseSalary=None)), "jobposting-salary-mismatch")
    assert codes(found) == ["JD807"] and "no baseSalary" in found[0].message
    other = job(baseSalary={"currency": "EUR", "value": {"minValue": 40000, "maxValue": 45000, "unitText": "YEAR"}})
    assert "not the one" in lint_html(page(other), "jobposting-salary-mismatch")[0].message
    k = ARTICLE.replace("€50,000–60,000 a year", "€50–60k a year")
    assert not lint_html(page(JOB, article=k), "jobposting-salary-mismatch")


def test_invalid_json_ld_is_a_finding_on_its_line(tmp_path: Path) -> None:
    html = page(JOB).replace('"employmentType": "FULL_TIME",', '"employmentType": "FULL_TIME",,')
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    out = run("page.html", "--select", "JD8", cwd=tmp_path).stdout.decode()
    m = re.search(r"page\.html:(\d+):(\d+): error JD808 jobposting-invalid", out)
    assert m, out
    assert html.splitlines()[int(m.group(1)) - 1].strip() == '"employmentType": "FULL_TIME",,'
    assert "JD801" not in out  # the markup cannot be read, so nothing else is said of it


MICRODATA = """
<div itemscope itemtype="https://schema.org/JobPosting">
  <h1 itemprop="title">Customer Service Agent</h1>
  <meta itemprop="datePosted" content="{posted}">
  <p>At <span itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization">
     <span itemprop="name">Acme</span></span>,
     until <time itemprop="validThrough" datetime="2020-01-01">long ago</time>.</p>
  <div itemprop="description"><p>You answer calls from customers in order to help them.</p></div>
</div>
"""


def test_microdata() -> None:
    html = f"<html><body>{MICRODATA.format(posted=TODAY.isoformat())}</body></html>"
    source = from_bytes(html.encode(), "page.html")
    assert source.origin is not None
    [item] = source.origin.markup
    assert item["_kind"] == "microdata" and item["title"] == "Customer Service Agent"
    assert item["hiringOrganization"] == {"@type": "Organization", "name": "Acme"}
    assert item["validThrough"] == "2020-01-01" and item["datePosted"] == TODAY.isoformat()
    found = lint_html(html, "jobposting-missing-required", "jobposting-expired")
    assert codes(found) == ["JD801", "JD803"]  # no jobLocation; expired
    line, col = where(html, next(f for f in found if f.code == "JD801"))
    assert html.splitlines()[line][col:].startswith('<div itemscope itemtype="https://schema.org/JobPosting">')


def test_page_with_only_a_description_is_linted_through_it() -> None:
    described = job(
        description="<h2>What you will do</h2><ul><li>Answer calls in order to help our customers</li>"
        "<li>Process orders and refunds</li></ul><p>" + "We build kitchen robots. " * 8 + "</p>"
    )
    html = page(described, article='<div id="app">Loading…</div>')
    source = from_bytes(html.encode(), "page.html")
    assert source.text.startswith("## What you will do\n\n- Answer calls in order to help")
    found = lint_html(html, "filler-word", "jobposting-description-differs")
    assert codes(found) == ["JD301"]  # and the description is not compared with itself
    line, col = where(html, found[0])
    assert at(html, line + 1, col + 1).startswith("in order to help")


def test_markdown_posting_is_silent() -> None:
    text = "# URGENT!!! Customer Service Agent\n\nYou answer calls.\n\n- €50,000–60,000 a year\n"
    config = Config(language="en", select=("JD8",), preview=True)
    assert not lint_source(Source("p.md", text), config).findings
    assert not lint_html("<h1>Agent</h1><p>You answer calls. €50,000 a year.</p>", "JD8")  # a page with no markup


def test_json_ld_in_a_graph_or_a_list() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [{"@type": "WebPage"}, {"@type": ["JobPosting"], "title": "A"}],
    }
    listed = [{"@type": "Organization"}, {"@type": "https://schema.org/JobPosting", "title": "B"}]
    scripts = "".join(
        f'<script type="application/ld+json">\n{json.dumps(d, indent=1)}\n</script>\n' for d in (graph, listed)
    )
    html = f"<html><head>{scripts}</head><body><h1>Agent</h1></body></html>"
    source = from_bytes(html.encode(), "page.html")
    assert source.origin is not None
    assert [m["title"] for m in source.origin.markup] == ["A", "B"]
    for f in lint_html(html, "jobposting-missing-required"):
        line, col = where(html, f)
        assert html.splitlines()[line][col:].startswith('"@type"')
        assert "JobPosting" in "".join(html.splitlines()[line : line + 3])
