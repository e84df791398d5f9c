"""iCalendar export: valid for two independent parsers and a real CalDAV server, stable, reproducible."""

from __future__ import annotations

import base64
import datetime
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from icalendar import Calendar

from licensetrack.cli.main import main
from licensetrack.core.model import Activity
from licensetrack.formats.ical import deadline_calendar, task_calendar
from licensetrack.io.profiles import read_profile
from licensetrack.plugins.registry import load_registry

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "dana-rivera.toml"
AS_OF = datetime.date(2026, 8, 1)


@pytest.fixture(scope="module")
def exported() -> bytes:
    registry = load_registry()
    return deadline_calendar(read_profile(EXAMPLE), registry.rulesets, AS_OF).to_ical()


def events(data: bytes) -> list[object]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_calendar_has_what_clients_need(exported: bytes) -> None:
    calendar = Calendar.from_ical(exported)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//licensetrack//")
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "CE deadlines: Dana Rivera"
    assert "METHOD" not in calendar
    found = list(calendar.walk("VEVENT"))
    assert len(found) >= 2
    for event in found:
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
            assert name in event, name
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is datetime.date
        assert end == start + datetime.timedelta(days=1)
        alarms = list(event.walk("VALARM"))
        assert [str(a["ACTION"]) for a in alarms] == ["DISPLAY"] * 3
        assert sorted(a.decoded("TRIGGER") for a in alarms) == [
            -datetime.timedelta(days=90),
            -datetime.timedelta(days=30),
            -datetime.timedelta(days=7),
        ]
        assert all("DESCRIPTION" in a for a in alarms)


def test_wire_format_is_crlf_folded_and_dates_are_value_date(exported: bytes) -> None:
    lines = exported.split(b"\r\n")
    assert b"\n" not in exported.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert b"DTSTART;VALUE=DATE:" in exported
    assert b"DTEND;VALUE=DATE:" in exported


def test_description_says_what_is_missing_and_cites(exported: bytes) -> None:
    renewal = next(e for e in events(exported) if "ca-lmft: California" in str(e["SUMMARY"]))
    text = str(renewal["DESCRIPTION"])
    assert "Still missing as of 2026-08-01:" in text
    assert "- 6 h of Law and ethics" in text


def test_an_independent_parser_reads_it_vobject(exported: bytes) -> None:
    vobject = pytest.importorskip("vobject")
    parsed = vobject.readOne(exported.decode("utf-8"))
    mine = events(exported)
    theirs = parsed.vevent_list
    assert [e.uid.value for e in theirs] == [str(e["UID"]) for e in mine]
    assert [e.dtstart.value for e in theirs] == [e.decoded("DTSTART") for e in mine]
    assert all(len(e.valarm_list) == 3 for e in theirs)


def test_an_independent_parser_reads_it_ical(exported: bytes) -> None:
    parser = pytest.importorskip("ical.calendar_stream")
    calendar = parser.IcsCalendarStream.calendar_from_ics(exported.decode("utf-8"))
    assert len(calendar.events) == len(events(exported))
    assert all(isinstance(event.dtstart, datetime.date) for event in calendar.events)


def test_same_input_same_bytes_and_new_activity_same_uids() -> None:
    registry = load_registry()
    practitioner = read_profile(EXAMPLE)
    first = deadline_calendar(practitioner, registry.rulesets, AS_OF).to_ical()
    assert deadline_calendar(read_profile(EXAMPLE), registry.rulesets, AS_OF).to_ical() == first
    course = Activity(
        title="Law and Ethics 2026",
        completed=datetime.date(2026, 7, 1),
        hours=Decimal(6),
        topics=("law", "ethics"),
        approvals=("camft",),
    )
    updated = deadline_calendar(
        attrs.evolve(practitioner, activities=(*practitioner.activities, course)), registry.rulesets, AS_OF
    ).to_ical()
    before = {str(e["UID"]): str(e["DESCRIPTION"]) for e in events(first)}
    after = {str(e["UID"]): str(e["DESCRIPTION"]) for e in events(updated)}
    summaries = {str(e["UID"]): str(e["SUMMARY"]) for e in events(updated)}
    assert set(before) <= set(after)  # every event keeps its UID
    # the only new event: the course's period now has a record to keep
    assert [summaries[uid] for uid in set(after) - set(before)] == [
        "ca-lpcc: Records of the period 2026-07-01 to 2028-06-30 may be discarded after this date"
    ]
    assert before != after  # the law-and-ethics line is gone from the LMFT renewal


def test_tasks_are_a_calendar_of_their_own() -> None:
    registry = load_registry()
    data = task_calendar(read_profile(EXAMPLE), registry.rulesets, AS_OF).to_ical()
    calendar = Calendar.from_ical(data)
    assert not list(calendar.walk("VEVENT"))
    todos = list(calendar.walk("VTODO"))
    assert {str(t["SUMMARY"]) for t in todos} >= {"ca-lmft: 6 h of Law and ethics", "ca-lpcc: 6 h of Law and ethics"}
    assert all(type(t.decoded("DUE")) is datetime.date for t in todos)


def test_cli_writes_atomically_and_reproducibly(tmp_path: Path) -> None:
    out = tmp_path / "deadlines.ics"
    args = ["ical", str(EXAMPLE), "--as-of", "2026-08-01", "-o", str(out), "--alarm", "14d"]
    assert CliRunner().invoke(main, args).exit_code == 0
    first = out.read_bytes()
    assert CliRunner().invoke(main, args).exit_code == 0
    assert out.read_bytes() == first
    assert first.count(b"TRIGGER:-P14D") == len(events(first))
    todo = CliRunner().invoke(main, ["ical", str(EXAMPLE), "--as-of", "2026-08-01", "--todo"])
    assert "BEGIN:VTODO" in todo.stdout


# --- a real CalDAV server ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[tuple[int, Path, int]]:
    pytest.importorskip("radicale")
    port = _free_port()
    log = tmp_path / "radicale.log"
    with log.open("w") as handle:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radicale",
                "--server-hosts",
                f"127.0.0.1:{port}",
                "--storage-filesystem-folder",
                str(tmp_path / "storage"),
                "--auth-type",
                "none",
                "--rights-type",
                "owner_only",
                "--logging-level",
                "info",
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail("Radicale did not start:\n" + log.read_text())
            time.sleep(0.2)
            yield port, log, len(log.read_text())
        finally:
            server.terminate()
            server.wait(timeout=10)


def _request(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    auth = {"Authorization": "Basic " + base64.b64encode(b"dana:x").decode()}  # any password: auth type none
    connection.request(method, path, body=body, headers={**auth, **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


@pytest.mark.slow  # starts a Radicale CalDAV server in a process
def test_a_caldav_server_accepts_every_event_unchanged(radicale: tuple[int, Path, int], exported: bytes) -> None:
    port, log, started = radicale
    status, _ = _request(port, "MKCALENDAR", "/dana/deadlines/")
    assert status == 201
    source = Calendar.from_ical(exported)
    for event in source.walk("VEVENT"):
        single = Calendar()
        for name in ("VERSION", "PRODID"):
            single.add(name, source[name])
        single.add_component(event)
        name = str(event["UID"]).split("@")[0]
        status, body = _request(
            port,
            "PUT",
            f"/dana/deadlines/{name}.ics",
            single.to_ical(),
            {"Content-Type": "text/calendar; charset=utf-8"},
        )
        assert status == 201, body
        status, stored = _request(port, "GET", f"/dana/deadlines/{name}.ics")
        assert status == 200
        (back,) = Calendar.from_ical(stored).walk("VEVENT")
        for prop in ("UID", "SUMMARY", "DESCRIPTION", "CATEGORIES", "DTSTAMP", "TRANSP"):
            assert back[prop].to_ical() == event[prop].to_ical(), prop
        assert back.decoded("DTSTART") == event.decoded("DTSTART")
        assert back.decoded("DTEND") == event.decoded("DTEND")
        assert [a.decoded("TRIGGER") for a in back.walk("VALARM")] == [
            a.decoded("TRIGGER") for a in event.walk("VALARM")
        ]
    # Radicale reports rejected or repaired content only in its log: nothing may be logged above INFO
    # while it handles our requests (its start-up warnings about auth and storage are before `started`).
    handled = log.read_text()[started:]
    uploaded = len(list(source.walk("VEVENT")))
    assert handled.count("PUT response status") == uploaded  # the log is the one that saw our requests
    rejected = [
        line for line in handled.splitlines() if "[WARNING]" in line or "[ERROR]" in line or "[CRITICAL]" in line
    ]
    assert not rejected, "\n".join(rejected)
