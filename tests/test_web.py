"""`jdlint serve`: the JSON API through a real HTTP client, and the page in a real headless
browser (Debian's chromium and chromedriver). Set JDLINT_SCREENSHOTS=DIR to save screenshots."""

from __future__ import annotations

import base64
import http.client
import json
import os
import select
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import jdlint_exe, run

from jdlint import lint_text

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

# Our own posting: the bicycles before the findings make UTF-16 and code-point offsets differ.
POSTING = """# Customer Support Agent 🚲 (full-time)

## About us
Wheelwise 🚲 is a small bicycle repair shop in Leeds with a friendly team of twelve people.

## Your role
You answer customer questions on a daily basis and help riders in order to keep them on the road.

## What you will do
- Answer calls, e-mails and chats about repairs and orders
- Log every contact in our CRM system

## What we offer
- £24,000 a year and 28 days of holiday

## How to apply
Send your CV to jobs@wheelwise.example.
"""


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


@pytest.fixture(scope="module")
def server(workdir: Path) -> Iterator[str]:
    """`jdlint serve --port 0` as a user starts it; the URL is read from what it prints."""
    proc = subprocess.Popen(
        [*jdlint_exe(), "serve", "--port", "0"], cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        line = proc.stdout.readline() if ready else ""  # type: ignore[union-attr]
        assert "http://127.0.0.1:" in line, f"server did not start: {line!r}"
        url = line.split()[4].rstrip("/")
        yield url
        assert proc.poll() is None, "the server stopped"
    finally:
        proc.terminate()
        proc.wait(10)


def call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            return res.status, json.loads(res.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def post(url: str, body: Any) -> tuple[int, Any]:
    return call(url, json.dumps(body).encode())


def cli_json(text: str, *args: str) -> dict[str, Any]:
    r = run("--format", "json", *args, "-", "--stdin-filename", "<web>", input=text.encode())
    return json.loads(r.stdout)[0]


# --- the API ------------------------------------------------------------------------------


def test_lint_answers_exactly_what_the_command_line_prints(server: str) -> None:
    status, body = post(server + "/api/lint", {"text": POSTING})
    assert status == 200
    assert body == cli_json(POSTING)
    assert any(f["name"] == "filler-word" for f in body["findings"])
    status, body = post(server + "/api/lint", {"text": POSTING, "language": "en", "level": "senior", "role": "auto"})
    assert body == cli_json(POSTING, "--language", "en", "--level", "senior")
    assert body["level"] == "senior"


def test_lint_takes_a_configuration(server: str) -> None:
    status, body = post(server + "/api/lint", {"text": POSTING, "config": {"ignore": ["filler-word"]}})
    assert status == 200
    assert body == cli_json(POSTING, "--ignore", "filler-word")
    assert not any(f["name"] == "filler-word" for f in body["findings"])


def test_fix_safe_all_and_chosen(server: str) -> None:
    r = run("--fix", "-", "--stdin-filename", "<web>", input=POSTING.encode())
    status, body = post(server + "/api/fix", {"text": POSTING, "fixes": "safe"})
    assert status == 200
    assert body["applied"] == 2
    assert r.stdout.decode().startswith(body["text"])  # --fix - prints the fixed text, then the report
    assert "in order to" not in body["text"] and "daily" in body["text"]

    findings = post(server + "/api/lint", {"text": POSTING})[1]["findings"]
    i = next(i for i, f in enumerate(findings) if f["text"] == "in order to")
    status, body = post(server + "/api/fix", {"text": POSTING, "fixes": [i]})
    assert body["applied"] == 1
    assert body["text"] == POSTING.replace("in order to", "to")

    status, body = post(server + "/api/fix", {"text": POSTING, "fixes": "all"})
    assert body["applied"] > 2 and len(body["text"]) > len(POSTING)  # sections inserted too


def test_stats_roles_and_rule_pages(server: str) -> None:
    status, body = post(server + "/api/stats", {"text": POSTING, "language": "en"})
    assert status == 200 and body["words"] == lint_text(POSTING).words and body["reading_minutes"] == 1
    status, roles = call(server + "/api/roles")
    assert "generic" in [m["id"] for m in roles]
    status, rules = call(server + "/api/rules")
    assert {"name": "filler-word", "concern": "wording"}.items() <= next(
        r for r in rules if r["name"] == "filler-word"
    ).items()
    with urllib.request.urlopen(server + "/rules/filler-word", timeout=30) as res:
        page = res.read().decode()
    assert "<h1>JD301 filler-word</h1>" in page and "<script" not in page
    assert call(server + "/rules/no-such-rule") == (404, {"error": "unknown rule 'no-such-rule'"})


BAD_REQUESTS: list[tuple[str, bytes, str]] = [
    ("/api/lint", b"{not json", "invalid JSON"),
    ("/api/lint", b"\xff\xfe", "invalid JSON"),
    ("/api/lint", b"[1, 2]", "JSON object"),
    ("/api/lint", b"{}", "'text' is required"),
    ("/api/lint", b'{"text": 42}', "must be a string"),
    ("/api/lint", b'{"text": "  \\n "}', "'text' is empty"),
    ("/api/lint", b'{"text": "a\\u0000b"}', "binary data"),
    ("/api/lint", b'{"text": "a\\u0007b"}', "binary data"),
    ("/api/lint", b'{"text": "a\\ud800b"}', "binary data"),
    ("/api/lint", b'{"text": "x", "colour": "red"}', "unknown key 'colour'"),
    ("/api/lint", b'{"text": "x", "fixes": "safe"}', "unknown key 'fixes'"),
    ("/api/lint", b'{"text": "x", "language": "fr"}', "'language' must be one of"),
    ("/api/lint", b'{"text": "x", "level": 3}', "'level' must be one of"),
    ("/api/lint", b'{"text": "x", "role": "astronaut"}', "'role' must be one of"),
    ("/api/lint", b'{"text": "x", "config": "select: ALL"}', "'config' must be an object"),
    ("/api/lint", b'{"text": "x", "config": {"colour": 1}}', "unknown key 'colour'"),
    ("/api/lint", b'{"text": "x", "config": {"rule-dirs": ["/tmp"]}}', "'rule-dirs' is not allowed"),
    ("/api/lint", b'{"text": "x", "config": {"model-dirs": ["/tmp"]}}', "'model-dirs' is not allowed"),
    ("/api/lint", b'{"text": "x", "config": {"ignore": ["no-such-rule"]}}', "unknown rule or code 'no-such-rule'"),
    ("/api/lint", b'{"text": "x", "config": {"rules": {"too-long": {"colour": 1}}}}', "has no option 'colour'"),
    ("/api/lint", b'{"text": "x", "config": {"fail-level": "loud"}}', "'fail-level' must be one of"),
    ("/api/fix", b'{"text": "x", "fixes": "some"}', "'fixes' must be"),
    ("/api/fix", b'{"text": "x", "fixes": []}', "'fixes' must be"),
    ("/api/fix", b'{"text": "x", "fixes": [true]}', "'fixes' must be"),
    ("/api/fix", b'{"text": "# A\\n\\nB.", "fixes": [99]}', "no finding at index 99"),
    ("/api/stats", b'{"text": "x", "language": "xx"}', "'language' must be one of"),
]


@pytest.mark.parametrize(("path", "data", "error"), BAD_REQUESTS, ids=[e for _, _, e in BAD_REQUESTS])
def test_bad_requests_get_a_named_4xx_error(server: str, path: str, data: bytes, error: str) -> None:
    status, body = call(server + path, data)
    assert 400 <= status < 500
    assert error in body["error"]


def test_fix_of_a_finding_without_one_is_refused(server: str) -> None:
    findings = post(server + "/api/lint", {"text": POSTING})[1]["findings"]
    i = next(i for i, f in enumerate(findings) if f["fix"] is None)
    status, body = post(server + "/api/fix", {"text": POSTING, "fixes": [i]})
    assert status == 400 and "has no fix" in body["error"]


def test_bodies_over_one_megabyte_are_refused_declared_or_streamed(server: str) -> None:
    big = json.dumps({"text": "word " * 220_000}).encode()
    status, body = call(server + "/api/lint", big)
    assert status == 413 and "larger than" in body["error"]
    # Without a Content-Length (chunked), the server stops reading once the limit is passed.
    host, port = server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    chunks = iter([big[i : i + 65536] for i in range(0, len(big), 65536)])
    conn.request("POST", "/api/lint", body=chunks, headers={"Content-Type": "application/json"})
    res = conn.getresponse()
    assert res.status == 413 and "larger than" in json.loads(res.read())["error"]
    conn.close()


def test_server_survives_and_writes_nothing(server: str, workdir: Path) -> None:
    for _, data, _ in BAD_REQUESTS:
        call(server + "/api/lint", data)
    assert post(server + "/api/lint", {"text": POSTING})[0] == 200
    assert list(workdir.iterdir()) == []


# --- the page in a browser ----------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(
            "browser tests need /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory() as profile:
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1280,1000",
        ):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        driver.set_script_timeout(60)
        try:
            yield driver
        finally:
            driver.quit()


def wait_for(condition: Any, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out waiting for the page"
        time.sleep(0.1)


def screenshot(driver: Any, name: str) -> None:
    folder = os.environ.get("JDLINT_SCREENSHOTS")
    if folder:
        driver.save_screenshot(str(Path(folder, name)))


def paste_and_check(driver: Any, text: str) -> None:
    from selenium.webdriver.common.by import By

    area = driver.find_element(By.ID, "text")
    driver.execute_script("arguments[0].value = arguments[1];", area, text)  # as a paste would
    driver.find_element(By.ID, "check").click()


def summary_after(driver: Any, start: str) -> str:
    from selenium.webdriver.common.by import By

    return wait_for(lambda: (s := driver.find_element(By.ID, "summary").text).startswith(start) and s)


MARKED_TEXT = """
const out = {};
for (const m of document.querySelectorAll('#view mark')) {
  for (const i of m.dataset.findings.split(' ')) out[i] = (out[i] || '') + m.textContent;
}
return out;
"""


def test_page_highlights_lists_and_fixes(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    findings = post(server + "/api/lint", {"text": POSTING})[1]["findings"]
    browser.get(server + "/")
    paste_and_check(browser, POSTING)
    summary = summary_after(browser, f"{len(findings)} findings")
    assert f"{lint_text(POSTING).words} words, about 1 min to read" in summary
    # Every finding is marked exactly where the engine found it, after the astral-plane bicycles.
    marked = browser.execute_script(MARKED_TEXT)
    for i, f in enumerate(findings):
        assert marked[str(i)] == (f["text"] or POSTING[f["start"]]), f
    assert browser.find_element(By.CSS_SELECTOR, "#view mark.sev-warning")
    # Grouped by concern, each with its advice and a link to its rule.
    concern = {r["name"]: r["concern"] for r in call(server + "/api/rules")[1]}
    per_concern = Counter(concern[f["name"]] for f in findings)
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#findings h3")]
    assert sorted(headings) == sorted(f"{c.capitalize()} ({n})" for c, n in per_concern.items())
    filler = next(i for i, f in enumerate(findings) if f["text"] == "in order to")
    item = browser.find_element(By.ID, f"f-{filler}")
    assert "advice A6" in item.text
    assert item.find_element(By.LINK_TEXT, "about filler-word").get_attribute("href") == server + "/rules/filler-word"
    assert browser.find_element(By.ID, "language").find_elements(By.TAG_NAME, "option")[0].text == "Detected: English"
    screenshot(browser, "web-page.png")

    # One fix, then undo, then all safe fixes.
    item.find_element(By.CSS_SELECTOR, "button.fix").click()
    area = browser.find_element(By.ID, "text")
    wait_for(lambda: "in order to" not in area.get_property("value"))
    assert area.get_property("value") == POSTING.replace("in order to", "to")
    summary_after(browser, f"{len(findings) - 1} findings")
    assert "in order to" not in browser.find_element(By.ID, "view").text
    browser.find_element(By.ID, "undo").click()
    wait_for(lambda: area.get_property("value") == POSTING)
    summary_after(browser, f"{len(findings)} findings")
    browser.find_element(By.ID, "fix-safe").click()
    wait_for(lambda: "on a daily basis" not in area.get_property("value"))
    assert area.get_property("value") == post(server + "/api/fix", {"text": POSTING})[1]["text"]
    summary_after(browser, f"{len(findings) - 2} findings")
    assert not browser.find_element(By.ID, "fix-safe").is_enabled()


def test_page_settings_and_rule_link(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/")
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#role option")) > 1)
    paste_and_check(browser, POSTING)
    summary_after(browser, f"{len(post(server + '/api/lint', {'text': POSTING})[1]['findings'])} findings")
    Select(browser.find_element(By.ID, "level")).select_by_value("senior")
    expected = post(server + "/api/lint", {"text": POSTING, "level": "senior"})[1]
    wait_for(lambda: "level senior" in browser.find_element(By.ID, "summary").text)
    summary = summary_after(browser, f"{len(expected['findings'])} findings")
    assert f"role {expected['role']}," in summary
    Select(browser.find_element(By.ID, "role")).select_by_value("generic")  # override the detected role
    wait_for(lambda: "role generic," in browser.find_element(By.ID, "summary").text)
    browser.find_element(By.LINK_TEXT, "about filler-word").click()
    wait_for(lambda: "JD301 filler-word" in browser.title)


def test_page_is_usable_by_keyboard_and_on_a_phone(server: str, browser: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/")
    # Every control has a label (a <label for>, or its own text).
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, select, textarea, button')]"
        ".filter(c => !(c.labels && c.labels.length) && !c.textContent.trim() && !c.getAttribute('aria-label'))"
        ".map(c => c.id)"
    )
    assert unlabelled == []
    # Tab reaches the text and the Check button, and Ctrl+Enter in the text checks it.
    seen = []
    for _ in range(12):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        seen.append(browser.switch_to.active_element.get_attribute("id"))
    assert {"file", "language", "role", "level", "text", "check"} <= set(seen)
    area = browser.find_element(By.ID, "text")
    area.send_keys("# Agent\n\nYou answer calls in order to help customers.")
    area.send_keys(Keys.CONTROL, Keys.ENTER)
    wait_for(lambda: "findings:" in browser.find_element(By.ID, "summary").text)
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#findings button.fix"))
    # 360 px wide: nothing sticks out sideways.
    browser.set_window_size(360, 800)
    try:
        wait_for(lambda: browser.execute_script("return window.innerWidth") <= 400)
        width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1]
    finally:
        browser.set_window_size(1280, 1000)


# --- Word files and web pages ---------------------------------------------------------------


def word_file(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("Customer Service Representative", style="Title")
    p = d.add_paragraph("Join our ")
    p.add_run("young and dynamic").bold = True
    p.add_run(" team in Leeds.")
    d.add_paragraph("What you will do", style="Heading 1")
    d.add_paragraph("Answer calls from customers about orders.", style="List Bullet")
    d.save(str(path))
    return path


def test_read_turns_a_word_file_into_the_markdown_the_command_line_lints(server: str, workdir: Path) -> None:
    path = word_file(workdir / "upload.docx")
    data = base64.b64encode(path.read_bytes()).decode()
    status, body = post(server + "/api/read", {"name": "upload.docx", "data": data})
    assert status == 200
    from jdlint.formats import read

    assert body["text"] == read(path).text
    assert body["text"].startswith("# Customer Service Representative\n\nJoin our young and dynamic team")
    for name, bad, error in [
        ("upload.pdf", data, "'name' must be a file name ending in one of"),
        ("upload.docx", "not base64!", "'data' must be the file's content in base64"),
        ("upload.docx", base64.b64encode(b"PK\x03\x04x").decode(), "not a Word document"),
    ]:
        status, body = post(server + "/api/read", {"name": name, "data": bad})
        assert status == 400 and error in body["error"]


def test_page_opens_a_word_file(server: str, browser: Any, workdir: Path) -> None:
    from selenium.webdriver.common.by import By

    path = word_file(workdir / "draft.docx")
    browser.get(server + "/")
    browser.find_element(By.ID, "file").send_keys(str(path))
    wait_for(lambda: browser.find_element(By.ID, "text").get_property("value").startswith("# Customer Service"))
    wait_for(lambda: "findings" in browser.find_element(By.ID, "summary").text)
    marked = browser.execute_script(MARKED_TEXT)
    assert "young and dynamic team" in marked.values()
