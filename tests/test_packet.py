"""The audit packet (``licensetrack report``, issue #22): the figures are check's, every activity is
accounted for, profile text is shown as text, and the page is self-contained."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.core.engine import evaluate_profile
from licensetrack.core.model import Activity, CredentialStatus, Format, Practitioner
from licensetrack.core.report import hours
from licensetrack.formats.packet import build_packet
from licensetrack.formats.packet_html import render_packet_html, timeline
from licensetrack.io.profiles import read_profile
from licensetrack.plugins.registry import load_registry

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "dana-rivera.toml"
AS_OF = datetime.date(2026, 1, 15)


class Page(HTMLParser):
    """What a reader (or a browser) would build from the HTML: elements, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self._cells: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self._cells = []
        elif tag in ("td", "th") and self._cells is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cells is not None and self._cell is not None:
            self._cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._cells is not None:
            self.rows.append(self._cells)
            self._cells = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def example() -> tuple[Practitioner, str]:
    registry = load_registry()
    practitioner = read_profile(EXAMPLE, vocabulary=registry.vocabulary)
    report = evaluate_profile(practitioner, registry.rulesets, AS_OF, kinds=registry.kinds)
    return practitioner, render_packet_html(build_packet(practitioner, report))


def test_every_requirement_row_shows_the_figures_check_gives(example: tuple[Practitioner, str]) -> None:
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--as-of", "2026-01-15", "--format", "json"])
    checked = json.loads(result.stdout)
    page = parse(example[1])
    for credential in checked["credentials"]:
        for requirement in credential["requirements"]:
            row = [r for r in page.rows if r and r[0].startswith(requirement["title"])]
            assert row, requirement["title"]
            met = "yes" if requirement["met"] else "no"
            wanted = [requirement["required"], requirement["counted"], requirement["missing"], met]
            assert any(r[1:5] == wanted for r in row), (requirement["title"], row, wanted)


def test_the_cover_names_the_licence_period_and_standing(example: tuple[Practitioner, str]) -> None:
    text = " ".join(" ".join(parse(example[1]).text).split())
    assert "LMFT 90211" in text
    assert "LPCC 4410" in text
    assert "California Board of Behavioral Sciences" in text
    assert "2024-02-01 to 2026-01-31" in text
    assert "compliant (compliant)" in text


def test_every_activity_of_the_profile_is_in_each_credentials_packet(example: tuple[Practitioner, str]) -> None:
    """Counted or not counted (with the reason), never dropped: each activity's row appears once per
    credential (the timeline's tooltips aside)."""
    practitioner, html = example
    page = parse(html)
    sections = html.split('<section class="credential"')[1:]
    assert len(sections) == len(practitioner.credentials)
    for section in sections:
        rows = parse(section).rows
        for activity in practitioner.activities:
            matches = [r for r in rows if r and r[0] == activity.title and activity.completed.isoformat() in r]
            assert len(matches) == 1, (activity.title, matches)
    assert page.tags[0][0] == "html"


def test_the_page_fetches_nothing_and_runs_nothing(example: tuple[Practitioner, str]) -> None:
    page = parse(example[1])
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "img", "link", "iframe", "object", "embed"}
    for _, attributes in page.tags:
        for name, value in attributes.items():
            assert not name.startswith("on"), name
            if name == "src":
                pytest.fail(f"fetches {value}")
    assert "@import" not in example[1]
    assert "url(" not in example[1]


def test_the_timeline_has_a_row_per_credential_inside_the_picture(example: tuple[Practitioner, str]) -> None:
    page = parse(example[1])
    svg = next(attributes for tag, attributes in page.tags if tag == "svg")
    _, _, width, height = (float(n) for n in (svg["viewbox"] or "").split())
    rows = [attributes for tag, attributes in page.tags if tag == "g" and attributes.get("class") == "row"]
    assert [r["data-credential"] for r in rows] == ["ca-lmft", "ca-lpcc"]
    for tag, attributes in page.tags:
        if tag in ("rect", "circle", "line"):
            for key in ("x", "cx", "x1", "x2"):
                if key in attributes:
                    assert 0 <= float(attributes[key] or 0) <= width, (tag, attributes)
            for key in ("y", "cy", "y1", "y2"):
                if key in attributes:
                    assert 0 <= float(attributes[key] or 0) <= height, (tag, attributes)
    dots = [a for t, a in page.tags if t == "circle" and a.get("class") == "activity"]
    assert dots  # the counted activities


def test_colour_is_never_the_only_signal(example: tuple[Practitioner, str]) -> None:
    rows = parse(example[1]).rows
    met_cells = {r[4] for r in rows if len(r) == 7 and r[1] != "Required"}
    assert met_cells <= {"yes", "no"}


HOSTILE = ["<script>alert(1)</script>", '" onmouseover="x', "&amp; <b>bold</b>", "שלום עולם", "继续教育课程", "x" * 400]


def test_profile_text_is_shown_as_text(tmp_path: Path) -> None:
    registry = load_registry()
    practitioner = read_profile(EXAMPLE, vocabulary=registry.vocabulary)
    extra = tuple(
        Activity(
            title=title,
            completed=datetime.date(2025, 3, 1) + datetime.timedelta(days=i),
            hours=Decimal(1),
            format=Format.LIVE,
            provider=title,
            certificate=title,
        )
        for i, title in enumerate(HOSTILE * 34)  # 204 more activities
    )
    hostile = attrs.evolve(practitioner, activities=practitioner.activities + extra, name="<i>Dana</i>")
    report = evaluate_profile(hostile, registry.rulesets, AS_OF, kinds=registry.kinds)
    html = render_packet_html(build_packet(hostile, report))
    page = parse(html)
    assert not {tag for tag, _ in page.tags} & {"script", "b", "i"}
    for _, attributes in page.tags:
        assert not any(name.startswith("on") for name in attributes)
    text = "".join(page.text)
    for title in HOSTILE:
        assert title in text
    assert "<i>Dana</i>" in text


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda s: s.strip() == s and s.isprintable()))
def test_any_title_round_trips_as_text(title: str) -> None:
    registry = load_registry()
    practitioner = Practitioner(id="p", birth_date=datetime.date(1980, 1, 1), credentials=(), activities=())
    credential = read_profile(EXAMPLE, vocabulary=registry.vocabulary).credentials[0]
    course = Activity(title=title, completed=datetime.date(2025, 6, 1), hours=Decimal(2), format=Format.LIVE)
    practitioner = attrs.evolve(practitioner, credentials=(credential,), activities=(course,))
    report = evaluate_profile(practitioner, registry.rulesets, AS_OF, kinds=registry.kinds)
    page = parse(render_packet_html(build_packet(practitioner, report)))
    assert any(r and r[0] == " ".join(title.split()) for r in page.rows)


def test_the_command_writes_the_file_and_the_same_html_to_stdout(tmp_path: Path) -> None:
    out = tmp_path / "packet.html"
    args = ["report", str(EXAMPLE), "--as-of", "2026-01-15"]
    written = CliRunner().invoke(main, [*args, "-o", str(out)])
    printed = CliRunner().invoke(main, args)
    assert (written.exit_code, printed.exit_code) == (0, 0)
    assert written.stderr == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8") == printed.stdout
    assert printed.stdout.startswith("<!DOCTYPE html>")
    only = CliRunner().invoke(main, [*args, "--credential", "ca-lpcc"])
    assert 'data-credential="ca-lpcc"' in only.stdout
    assert 'data-credential="ca-lmft"' not in only.stdout


def test_the_timeline_scale_covers_every_date_it_draws(example: tuple[Practitioner, str]) -> None:
    registry = load_registry()
    practitioner = example[0]
    report = evaluate_profile(practitioner, registry.rulesets, AS_OF, kinds=registry.kinds)
    drawn = timeline(build_packet(practitioner, report))
    xs = [drawn.as_of.x, *(r.deadline.x for r in drawn.rows), *(m.x for r in drawn.rows for m in r.activities)]
    assert min(xs) >= 0
    assert max(xs) <= drawn.width
    assert re.fullmatch(r"as of \d{4}-\d\d-\d\d", drawn.as_of.label)


def test_the_committed_example_packet_is_current() -> None:
    """examples/dana-rivera.packet.html is what the command writes today (regenerate it with the command in
    examples/packets.py's docstring when the packet changes)."""
    result = CliRunner().invoke(main, ["report", str(EXAMPLE), "--as-of", "2026-01-15"])
    assert result.stdout == (ROOT / "examples" / "dana-rivera.packet.html").read_text(encoding="utf-8")


def test_an_exempt_credential_says_why_on_its_cover() -> None:
    registry = load_registry()
    practitioner = read_profile(EXAMPLE, vocabulary=registry.vocabulary)
    retired = attrs.evolve(
        practitioner,
        credentials=tuple(attrs.evolve(c, status=CredentialStatus.INACTIVE) for c in practitioner.credentials),
    )
    report = evaluate_profile(retired, registry.rulesets, AS_OF, kinds=registry.kinds)
    exempt = [c for c in report.credentials if c.status.value == "exempt"]
    page = parse(render_packet_html(build_packet(retired, report)))
    text = " ".join(" ".join(page.text).split())
    assert exempt  # California exempts inactive licences (the example's two)
    assert text.count("Exemption ") == len(exempt)


def test_the_period_before_is_drawn_when_it_is_judged() -> None:
    """After the licence's period ends, the report judges it as the previous period: the timeline shows it."""
    registry = load_registry()
    practitioner = read_profile(EXAMPLE, vocabulary=registry.vocabulary)
    later = datetime.date(2026, 3, 1)
    report = evaluate_profile(practitioner, registry.rulesets, later, kinds=registry.kinds)
    judged = [c.credential for c in report.credentials if c.previous_period is not None]
    assert judged
    page = parse(render_packet_html(build_packet(practitioner, report)))
    previous = [a for t, a in page.tags if t == "rect" and a.get("class") == "previous-period"]
    assert len(previous) == len(judged)


def test_each_requirement_lists_the_hours_allocated_from_each_activity_as_check_gives_them() -> None:
    """The packet's "hours allocated" are the report's credits, requirement by requirement, and the
    total's add up to the hours it counted."""
    registry = load_registry()
    practitioner = read_profile(EXAMPLE, vocabulary=registry.vocabulary)
    report = evaluate_profile(practitioner, registry.rulesets, AS_OF, kinds=registry.kinds)
    packet = build_packet(practitioner, report)
    for credential, result in zip(packet.credentials, report.credentials, strict=True):
        expected: dict[str, list[tuple[str, str]]] = {}
        for activity in result.activities:
            for credit in activity.credits:
                amount = "" if credit.hours is None else hours(credit.hours)
                expected.setdefault(credit.requirement, []).append((activity.title, amount))
        for requirement in credential.requirements:
            assert [(c.activity.title, c.hours) for c in requirement.credits] == expected.get(requirement.id, [])
        total = next(r for r in result.requirements if r.kind == "total")
        row = next(r for r in credential.requirements if r.id == total.id)
        assert Decimal(row.allocated) == total.allocated
        assert row.credits, "the example's total is met by courses"
    html = render_packet_html(packet)
    first = packet.credentials[0].requirements[0].credits[0]
    assert f"{first.activity.title} ({first.activity.completed.isoformat()}): {first.hours} h" in html
