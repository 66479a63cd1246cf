"""The HTML report in a real browser: headless Chromium driven by Selenium.

Checks what only a browser can: the page runs without console errors (so the
Content-Security-Policy lets our script and style through and blocks nothing
else), each finding's highlight holds exactly its text, filters hide what they
should, hovering shows the message, and hostile documents stay text. Saves a
screenshot of the fixtures' report to build/test-artifacts/report.png.

Needs Debian's chromium and chromium-driver (.ci/run installs them). Without
them the test skips, except under CI (CI set), where it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from cleaner.rules import all_rules
from output_testkit import HOSTILE_TEXT, NEWS, ROOT, json_findings, run, write_hostile

ARTIFACTS = ROOT / "build" / "test-artifacts"
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1500,1000"]


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser test (.ci/run installs chromium and chromium-driver)")
    pytest.skip(reason)


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (name if os.path.isabs(name) and os.access(name, os.X_OK) else None)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (pip install -e '.[test]')")
    chromium = _find("chromium", "/usr/bin/chromium", "chromium-browser")
    driver_path = _find("chromedriver", "/usr/bin/chromedriver")
    if not chromium or not driver_path:
        _missing("chromium / chromedriver not installed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver, path: Path) -> None:
    driver.get("about:blank")
    driver.get_log("browser")  # start each page with an empty log
    driver.get(path.resolve().as_uri())


def _console_errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


# Text under each finding's highlights, in page order, and each document's text.
PAGE_STATE = """
const byId = {};
for (const el of document.querySelectorAll('pre.doc-text .hl')) {
  for (const id of el.dataset.f.split(' ')) byId[id] = (byId[id] || '') + el.textContent;
}
const docs = [...document.querySelectorAll('pre.doc-text')].map(p => p.textContent);
const perDoc = [...document.querySelectorAll('details.doc')].map(d => d.querySelectorAll('.hl:not(.off)').length);
const painted = [...document.querySelectorAll('pre.doc-text .hl:not(.point)')].filter(el =>
  getComputedStyle(el).backgroundColor === 'rgba(0, 0, 0, 0)').length;
return {byId, docs, perDoc, painted, resources: performance.getEntriesByType('resource').length};
"""


def _report(paths, capsys, out: Path) -> None:
    code, _, err = run(["report", *paths, "-o", out, "--no-progress"], capsys)
    assert code == 0, err


def test_fixtures_report_in_a_browser(browser, request, capsys, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    if not all_rules():  # no rule family in this build yet: let the demo rules find something
        request.getfixturevalue("demo_rules")
    report = tmp_path / "report.html"
    _report([NEWS], capsys, report)
    findings = json_findings([NEWS], capsys)
    texts = [json.loads(line)["text"] for line in NEWS.open(encoding="utf-8")]
    ids = [json.loads(line)["id"] for line in NEWS.open(encoding="utf-8")]

    _open(browser, report)
    assert _console_errors(browser) == []
    state = browser.execute_script(PAGE_STATE)
    assert state["resources"] == 0, "the report loaded something"
    assert state["docs"] == texts
    assert len(state["byId"]) == len(findings)
    for fid, f in enumerate(findings):
        text = texts[ids.index(f["doc_id"])]
        assert state["byId"][str(fid)] == text[f["start"]:f["end"]], f
    assert state["painted"] == 0, "every highlight has its family's colour"
    # Every seed with findings is highlighted; one with none (001 is a clean article) has none.
    with_findings = [any(f["doc_id"] == doc_id for f in findings) for doc_id in ids]
    assert [n > 0 for n in state["perDoc"]] == with_findings, state["perDoc"]
    assert sum(with_findings) >= 3, "the seeds' known defects should be found"

    # Hover: the side panel shows the finding's message.
    first = browser.find_element(By.CSS_SELECTOR, "pre.doc-text .hl:not(.point)")
    ActionChains(browser).move_to_element(first).perform()
    first_id = int(first.get_attribute("data-f").split()[0])
    panel = browser.find_element(By.ID, "panel-body")
    assert findings[first_id]["message"] in panel.text

    # Filters: hide the biggest family, then one code of another.
    families = {}
    for f in findings:
        families.setdefault(f["code"][0], []).append(f["code"])
    family = max(families, key=lambda x: len(families[x]))
    _set_checkbox(browser, f'#filters input[data-family="{family}"]', False)
    _assert_hidden(browser, findings, lambda f: f["code"][0] == family)
    others = sorted({f["code"] for f in findings if f["code"][0] != family})
    if others:
        _set_checkbox(browser, f'#filters input[data-code="{others[0]}"]', False)
        _assert_hidden(browser, findings, lambda f: f["code"][0] == family or f["code"] == others[0])
        _set_checkbox(browser, f'#filters input[data-code="{others[0]}"]', True)
    _set_checkbox(browser, f'#filters input[data-family="{family}"]', True)
    _assert_hidden(browser, findings, lambda f: False)
    # "Only documents with shown findings" hides every document once every family is off.
    for letter in families:
        _set_checkbox(browser, f'#filters input[data-family="{letter}"]', False)
    _set_checkbox(browser, "#only-visible", True)
    assert not any(d.is_displayed() for d in browser.find_elements(By.CSS_SELECTOR, "details.doc"))
    for letter in families:
        _set_checkbox(browser, f'#filters input[data-family="{letter}"]', True)
    _set_checkbox(browser, "#only-visible", False)

    # Clicking a finding in a list jumps to it and pins its details.
    button = browser.find_elements(By.CSS_SELECTOR, "li.finding button.goto")[-1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    last = findings[int(button.get_attribute("data-f"))]
    assert last["message"] in panel.text
    assert _console_errors(browser) == []
    _screenshot(browser)


def _set_checkbox(driver, selector: str, checked: bool) -> None:
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, selector)
    if box.is_selected() != checked:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
    assert box.is_selected() == checked


def _assert_hidden(driver, findings, hidden) -> None:
    """Highlights and list rows of hidden findings are gone; the others are shown."""
    state = driver.execute_script("""
      const lit = {};
      for (const el of document.querySelectorAll('pre.doc-text .hl:not(.off)')) {
        for (const id of el.dataset.f.split(' ')) lit[id] = true;
      }
      const lastOn = [...document.querySelectorAll('pre.doc-text .hl:not(.off)')].map(el =>
        [el.dataset.f, getComputedStyle(el).backgroundColor]);
      const rows = [...document.querySelectorAll('li.finding')].map(li =>
        [Number(li.dataset.f), li.offsetParent !== null || li.getClientRects().length > 0]);
      return {lit, rows, lastOn};
    """)
    for fid, shown in state["rows"]:
        assert shown == (not hidden(findings[fid])), (findings[fid], shown)
    for fid, f in enumerate(findings):
        if hidden(f):
            continue
        # a shown finding still has a highlight (unless a hidden one sits over exactly the same text)
        assert str(fid) in state["lit"], f
    for ids, colour in state["lastOn"]:
        shown_ids = [int(i) for i in ids.split() if not hidden(findings[int(i)])]
        assert shown_ids, f"highlight {ids} is lit but all its findings are hidden"


def _screenshot(driver) -> None:
    """The whole page, each document scrolled to its first highlight."""
    driver.execute_script("""
      window.scrollTo(0, 0);
      for (const pre of document.querySelectorAll('pre.doc-text')) {
        const hl = pre.querySelector('.hl:not(.off)');
        if (hl) pre.scrollTop = Math.max(0, hl.offsetTop - pre.offsetTop - 40);
      }
    """)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1500, min(height + 150, 12000))
    time.sleep(0.2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / "report.png"))
    driver.set_window_size(1500, 1000)


def test_hostile_documents_stay_text(browser, demo_rules, capsys, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    paths = write_hostile(tmp_path)
    report = tmp_path / "hostile.html"
    _report(paths, capsys, report)
    _open(browser, report)
    marks = browser.find_elements(By.CSS_SELECTOR, "pre.doc-text .hl:not(.point)")
    assert marks
    for mark in marks[:12]:  # an injected handler would fire on hover or click
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        ActionChains(browser).move_to_element(mark).click().perform()
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    state = browser.execute_script("""
      return {
        docs: [...document.querySelectorAll('pre.doc-text')].map(p => p.textContent),
        scripts: document.scripts.length,
        handlers: document.querySelectorAll('[onmouseover],[onerror],[onfocus],[onclick],[autofocus]').length,
        images: document.images.length,
        body: document.body.innerText,
      };
    """)
    assert state["docs"][0] == HOSTILE_TEXT  # verbatim, CR LF and all
    assert (state["scripts"], state["handlers"], state["images"]) == (2, 0, 0)
    assert "<script>alert(1)</script>" in state["body"]
    assert '" onmouseover="alert(2)" x="' in state["body"]
    assert "<img src=x onerror=alert(4)>" in state["body"]
    assert 'a" onmouseover="alert(5)"' in state["body"]  # a record id, shown as text
    # The repeated-line finding quotes the script tag in its message; the panel shows it as text.
    repeated = browser.execute_script("""
      const data = JSON.parse(document.getElementById('report-data').textContent);
      const id = data.findings.findIndex(f => f.code === 'D901');
      return document.querySelector(`pre.doc-text .hl[data-f~="${id}"]`);
    """)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", repeated)
    ActionChains(browser).move_to_element(repeated).click().perform()
    panel = browser.find_element(By.ID, "panel-body").text
    assert "repeated line: “Breaking: <script>alert(1)</script> was found on the page”" in panel
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    assert _console_errors(browser) == []
