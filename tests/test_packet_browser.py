"""The audit packet as a person sees it: opened in headless Chromium at a desktop and a phone width,
and as a PDF read back page by page with poppler (issue #22).

Needs Debian's chromium and chromium-driver, poppler-utils, and WeasyPrint with pango (README); without
them these tests skip saying what to install, except under CI (``CI=true``), where a missing tool fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from licensetrack.cli.main import main

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "dana-rivera.toml"
AS_OF = ["--as-of", "2026-01-15"]
INSTALL = "apt-get install chromium chromium-driver poppler-utils libpango-1.0-0 libpangoft2-1.0-0"


def need(available: bool, what: str) -> None:
    if available:
        return
    message = f"{what} is not installed ({INSTALL}; pip install 'licensetrack[pdf]' selenium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packet") / "packet.html"
    result = CliRunner().invoke(main, ["report", str(EXAMPLE), *AS_OF, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    need(bool(chromium and driver), "Chromium with its driver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        need(False, "selenium")
        raise
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ):
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(str(driver)), options=options)
    try:
        yield session
    finally:
        session.quit()


@pytest.mark.parametrize("width", [1280, 640, 390])  # 640: a 1280-pixel window at 200% zoom
def test_what_a_person_sees_at_a_desktop_and_a_phone_width(
    browser: Any, packet: Path, tmp_path: Path, width: int
) -> None:
    browser.set_window_size(width, 1000)
    browser.get(packet.as_uri())
    seen: dict[str, Any] = browser.execute_script(
        """
        const svg = document.querySelector('svg#timeline').getBoundingClientRect();
        const inside = [...document.querySelectorAll('svg#timeline rect.period, svg#timeline circle.activity')]
          .map(e => e.getBoundingClientRect())
          .every(r => r.width > 0 && r.left >= svg.left - 1 && r.right <= svg.right + 1
                      && r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1);
        const rows = [...document.querySelectorAll('table.requirements tr[data-requirement]')].map(tr =>
          [tr.closest('section').id, tr.dataset.requirement,
           ...[...tr.querySelectorAll('td')].slice(0, 4).map(td => td.innerText.replace(/^[A-Za-z]+: /, '').trim())]);
        return {
          svgWidth: svg.width, svgHeight: svg.height,
          periods: document.querySelectorAll('svg#timeline rect.period').length,
          dots: document.querySelectorAll('svg#timeline circle.activity').length,
          inside: inside,
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          firstHeading: document.querySelector('h1').innerText,
          rows: rows,
        };
        """
    )
    assert seen["firstHeading"] == "Continuing-education audit packet"
    assert seen["svgWidth"] > 0.8 * min(width, 62 * 16) - 40
    assert seen["svgHeight"] > 0
    assert seen["periods"] == 2
    assert seen["dots"] > 0
    assert seen["inside"], "a period or an activity is drawn outside the timeline"
    assert seen["scrollWidth"] <= seen["innerWidth"], "the page is wider than the window"
    checked = json.loads(CliRunner().invoke(main, ["check", str(EXAMPLE), *AS_OF, "--format", "json"]).stdout)
    expected = [
        [
            f"credential-{c['credential']}",
            r["id"],
            r["required"],
            r["counted"],
            r["missing"],
            "yes" if r["met"] else "no",
        ]
        for c in checked["credentials"]
        for r in c["requirements"]
    ]
    assert seen["rows"] == expected
    shot = tmp_path / f"packet-{width}.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_the_pdf_reads_back_page_by_page(tmp_path: Path) -> None:
    need(bool(shutil.which("pdftotext") and shutil.which("pdfinfo")), "poppler-utils")
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        need(False, "WeasyPrint (with pango)")
    out = tmp_path / "packet.pdf"
    result = CliRunner().invoke(main, ["report", str(EXAMPLE), *AS_OF, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    texts = [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(out), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]
    assert "Continuing-education audit packet" in texts[0]
    assert "California Licensed Marriage and Family Therapist" in texts[0]
    # Each credential starts a page of its own (the print stylesheet), so the LPCC's heading opens a page.
    lpcc = [n for n, text in enumerate(texts) if "California Licensed Professional Clinical Counselor" in text]
    assert lpcc
    assert texts[lpcc[0]].lstrip().startswith("California Licensed Professional Clinical Counselor")
    assert "LPCC 4410" in texts[lpcc[0]]


def test_a_pdf_without_the_extra_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    out = tmp_path / "packet.pdf"
    result = CliRunner().invoke(main, ["report", str(EXAMPLE), *AS_OF, "-o", str(out)])
    assert result.exit_code == 2
    assert "pip install 'licensetrack[pdf]'" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("width", [1280, 390])
def test_hostile_text_neither_runs_nor_breaks_the_layout(browser: Any, tmp_path: Path, width: int) -> None:
    """HTML, a 400-character title with no space, right-to-left and CJK text, 200 activities."""
    import datetime
    from decimal import Decimal

    import attrs

    from licensetrack.core.engine import evaluate_profile
    from licensetrack.core.model import Activity, Format
    from licensetrack.formats.packet import build_packet
    from licensetrack.formats.packet_html import render_packet_html
    from licensetrack.io.profiles import read_profile
    from licensetrack.plugins.registry import load_registry

    titles = [
        "<script>window.ran = 1</script>",
        "<img src=x onerror='window.ran=1'>",
        "x" * 400,
        "שלום עולם",
        "继续教育课程",
    ]
    registry = load_registry()
    practitioner = read_profile(EXAMPLE, vocabulary=registry.vocabulary)
    extra = tuple(
        Activity(
            title=titles[i % len(titles)],
            completed=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
            hours=Decimal(1),
            format=Format.LIVE,
            provider=titles[(i + 1) % len(titles)],
        )
        for i in range(200)
    )
    hostile = attrs.evolve(practitioner, activities=practitioner.activities + extra)
    report = evaluate_profile(hostile, registry.rulesets, datetime.date(2026, 1, 15), kinds=registry.kinds)
    page = tmp_path / "hostile.html"
    page.write_text(render_packet_html(build_packet(hostile, report)), encoding="utf-8")
    browser.set_window_size(width, 1000)
    browser.get(page.as_uri())
    seen = browser.execute_script(
        "return {ran: window.ran === 1, images: document.images.length, scripts: document.scripts.length,"
        " scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,"
        " text: document.body.innerText};"
    )
    assert not seen["ran"]
    assert (seen["images"], seen["scripts"]) == (0, 0)
    assert seen["scrollWidth"] <= seen["innerWidth"], "the page is wider than the window"
    for title in ("<script>window.ran = 1</script>", "שלום עולם", "继续教育课程"):
        assert title in seen["text"]
