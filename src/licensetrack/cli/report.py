"""``licensetrack report``: the audit packet a board's auditor asks for, as one self-contained HTML file."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from licensetrack.cli.options import (
    IdType,
    as_of_option,
    evaluate_file,
    handle_errors,
    output_option,
    profile_argument,
    rules_dir_option,
    soon_option,
)


@click.command(short_help="The audit packet: an HTML report to hand to a board, with a timeline.")
@profile_argument
@output_option("Write here (atomically) instead of stdout: a PDF when the name ends in .pdf (needs licensetrack[pdf]).")
@as_of_option
@click.option(
    "--credential", "credential_ids", type=IdType(), multiple=True, help="Only this credential id (repeatable)."
)
@soon_option
@rules_dir_option
@handle_errors
def report(
    profile: Path,
    output: Path | None,
    as_of: datetime.date | None,
    credential_ids: tuple[str, ...],
    soon: Any,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Write the audit packet: per credential, the cover (licensee, board, licence number, period,
    rules, standing), every requirement with its cited rule and the activities counted toward it, every
    activity that does not count and why, the certificates on file and those missing, and the unverified
    rules relied on; first, a timeline of every credential's period, deadline and counted activities.

    One HTML file with everything inline (no script, nothing fetched), that prints one credential per
    page; with -o FILE.pdf the same document as a PDF (through WeasyPrint: pip install
    'licensetrack[pdf]'). The figures are the ones check gives for the same profile and date.

    Exit 0 when the packet is written; 2 for bad input or usage (a PDF asked for without the extra).
    """
    from licensetrack.formats.packet import build_packet
    from licensetrack.formats.packet_html import render_packet_html
    from licensetrack.io.files import atomic_write

    as_pdf = output is not None and output.suffix.lower() == ".pdf"
    if as_pdf:
        _need_weasyprint()
    _, practitioner, evaluated = evaluate_file(profile, rules_dirs, as_of, credential_ids, soon)
    html = render_packet_html(build_packet(practitioner, evaluated))
    if output is None:
        click.echo(html, nl=False)
        return
    atomic_write(output, _pdf(html) if as_pdf else html.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


def _need_weasyprint() -> None:
    """Say which extra to install before any work, when a PDF is asked for without it."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: the package is there but its system libraries are not
        raise click.UsageError(
            f"PDF output needs WeasyPrint: pip install 'licensetrack[pdf]' ({type(exc).__name__}: {exc})"
        ) from None


def _pdf(html: str) -> bytes:
    import weasyprint

    document: bytes = weasyprint.HTML(string=html).write_pdf()
    return document
