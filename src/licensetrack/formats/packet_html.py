"""The audit packet as one self-contained HTML file: a timeline first, then the packet per credential.

The page is rendered from a Jinja2 template (``templates/packet.html.j2``) with autoescaping on, so
anything a profile holds (a course titled ``<script>``) is shown as text. Everything it needs is in
the file: the CSS inline, the timeline an inline SVG whose geometry is computed here, no script, no
font or image fetched; links to the boards' pages are plain links. A print stylesheet starts each
credential on a new page and keeps table rows whole.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs
import jinja2

from licensetrack import __version__
from licensetrack.formats.packet import Packet, PacketCredential

WIDTH = 960  # the SVG's own units; it scales to the page's width
LABEL = 170  # room for the credential's name at the left of each row
ROW = 44
TOP = 34


@attrs.frozen(kw_only=True)
class Mark:
    x: float
    label: str


@attrs.frozen(kw_only=True)
class TimelineRow:
    y: float
    label: str
    standing: str
    band_x: float
    band_width: float
    previous: tuple[float, float, str] | None  # the period before, when judged: x, width, its status
    deadline: Mark
    activities: tuple[Mark, ...]


@attrs.frozen(kw_only=True)
class Timeline:
    width: int
    height: float
    rows: tuple[TimelineRow, ...]
    as_of: Mark
    ticks: tuple[Mark, ...]  # the first day of each year in view


def timeline(packet: Packet) -> Timeline:
    """Each credential's period as a band, its deadline as a mark, its counted activities as dots, and
    the as-of date as a line, on one scale from the earliest of them to the latest."""
    days = [packet.as_of]
    for credential in packet.credentials:
        days += [credential.period_start, credential.period_end]
        if credential.previous is not None:
            days += [credential.previous[0], credential.previous[1]]
        days += [a.completed for a in credential.counted_activities]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)

    def x(day: datetime.date) -> float:
        return round(LABEL + (WIDTH - LABEL - 20) * (day - first).days / span, 1)

    rows = tuple(
        TimelineRow(
            y=TOP + index * ROW,
            label=credential.credential,
            standing=credential.standing,
            band_x=x(credential.period_start),
            band_width=max(x(credential.period_end) - x(credential.period_start), 1.0),
            previous=(
                None
                if credential.previous is None
                else (
                    x(credential.previous[0]),
                    max(x(credential.previous[1]) - x(credential.previous[0]), 1.0),
                    credential.previous[2],
                )
            ),
            deadline=Mark(x=x(credential.period_end), label=f"due {credential.period_end.isoformat()}"),
            activities=tuple(
                Mark(x=x(a.completed), label=f"{a.completed.isoformat()} {a.title} ({a.counted} h)")
                for a in credential.counted_activities
            ),
        )
        for index, credential in enumerate(packet.credentials)
    )
    ticks = tuple(
        Mark(x=x(datetime.date(year, 1, 1)), label=str(year))
        for year in range(first.year + 1, last.year + 1)
        if first < datetime.date(year, 1, 1) <= last
    )
    height = TOP + max(len(rows), 1) * ROW + 10
    return Timeline(
        width=WIDTH,
        height=height,
        rows=rows,
        as_of=Mark(x=x(packet.as_of), label=f"as of {packet.as_of.isoformat()}"),
        ticks=ticks,
    )


def _bar(credential: PacketCredential) -> Sequence[tuple[str, float]]:
    """Per requirement, the share of its hours counted (0 to 1), for the bars under the timeline."""
    shares = []
    for requirement in credential.requirements:
        required = float(requirement.required)
        share = 1.0 if required == 0 else min(float(requirement.counted) / required, 1.0)
        shares.append((requirement.id, round(share, 4)))
    return shares


_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("licensetrack.formats", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_packet_html(packet: Packet) -> str:
    """The whole HTML document (UTF-8 text)."""
    template = _environment.get_template("packet.html.j2")
    return template.render(
        packet=packet,
        timeline=timeline(packet),
        bars={c.credential: dict(_bar(c)) for c in packet.credentials},
        version=__version__,
    )
