"""`jdlint --format html`: one self-contained page, opened from disk in a headless browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import run
from test_web import POSTING, browser, screenshot, wait_for  # noqa: F401  (browser: the fixture)

from jdlint import lint_paths
from jdlint.reporters.machine import result_dict

# Our own German posting; its text would end the data script if the report did not escape it.
GERMAN = """# Kundenberater (m/w/d)

## Über uns
Wir sind ein kleiner Fahrradladen in Köln. </script><script>document.title = "broken"</script>

## Deine Aufgaben
- Du beantwortest Anrufe und E-Mails von Kundinnen und Kunden
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("postings")
    (folder / "agent.md").write_text(POSTING, encoding="utf-8")
    (folder / "berater.md").write_text(GERMAN, encoding="utf-8")
    r = run("--format", "html", str(folder))
    assert r.returncode in (0, 1), r.stderr.decode()
    page = folder.parent / f"{folder.name}.html"
    page.write_bytes(r.stdout)
    results = [result_dict(r) for r in lint_paths([folder])]
    return page, results


def test_report_is_self_contained(report: tuple[Path, list[dict[str, Any]]]) -> None:
    html = report[0].read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "an external asset"
    assert "<link" not in html and "@import" not in html
    assert html.count("<details") == 2


def test_report_sorts_and_opens_a_posting(report: tuple[Path, list[dict[str, Any]]], browser: Any) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    page, results = report
    browser.get(page.as_uri())
    assert browser.title == "jdlint report"

    def column(name: str) -> list[str]:
        headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.postings th")]
        col = headers.index(name)
        rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
        return [row.find_elements(By.TAG_NAME, "td")[col].text for row in rows]

    counts = {Path(r["path"]).name: len(r["findings"]) for r in results}
    warnings = sorted((sum(f["severity"] == "warning" for f in r["findings"]) for r in results), reverse=True)
    browser.find_element(By.XPATH, "//th/button[.='Warnings']").click()
    assert [int(v) for v in column("Warnings")] == warnings
    browser.find_element(By.XPATH, "//th/button[.='Warnings']").click()
    assert [int(v) for v in column("Warnings")] == warnings[::-1]
    browser.find_element(By.XPATH, "//th/button[.='Posting']").click()
    names = [Path(p).name for p in column("Posting")]
    assert names == sorted(counts, reverse=True)

    # Open the German posting from the table: its text is shown whole, its findings marked and listed.
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "tbody a") if a.text.endswith("berater.md"))
    link.click()
    details = wait_for(lambda: next((d for d in browser.find_elements(By.CSS_SELECTOR, "details[open]")), None))
    result = next(r for r in results if r["path"].endswith("berater.md"))
    wait_for(lambda: details.find_elements(By.CSS_SELECTOR, ".finding"))
    assert len(details.find_elements(By.CSS_SELECTOR, ".finding")) == counts["berater.md"]
    assert details.find_elements(By.CSS_SELECTOR, "mark") or not result["findings"]
    assert details.find_element(By.CSS_SELECTOR, ".posting-text").text.strip() == GERMAN.strip()
    assert browser.title == "jdlint report"  # the posting's script text stayed text
    browser.execute_script("window.scrollTo(0, 0)")
    screenshot(browser, "html-report.png")
