"""Write an audit packet (``licensetrack report``) for one worked case of every jurisdiction.

Run: python examples/packets.py OUTDIR [--format html|pdf]

For each folder of ``rules/`` (a state, or NBCC), the first case of the first rule set's case file is
a real profile worked out by hand from the board's text; its packet is written as
``OUTDIR/<authority>.html`` (or ``.pdf``, with ``licensetrack[pdf]``), at the case's own as-of date.
The packet of the bundled example is committed as ``examples/dana-rivera.packet.html``
(``licensetrack report examples/dana-rivera.toml --as-of 2026-01-15 -o examples/dana-rivera.packet.html``;
tests/test_packet.py checks that it is current).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from licensetrack.io.rulefiles import bundled_rules_dir
from licensetrack.testing.cases import read_cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--format", choices=["html", "pdf"], default="html")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for folder in sorted(p for p in bundled_rules_dir().iterdir() if p.is_dir()):
            case_files = sorted(folder.glob("*.cases.toml"))
            if not case_files:
                continue
            case = read_cases(case_files[0])[0]
            profile = Path(scratch) / f"{folder.name}.json"
            profile.write_text(json.dumps(case.profile, default=str), encoding="utf-8")
            out = args.outdir / f"{folder.name}.{args.format}"
            command = [sys.executable, "-m", "licensetrack", "report", str(profile), "--as-of", case.as_of.isoformat()]
            subprocess.run([*command, "-o", str(out)], check=True, capture_output=True)
            print(f"{out}  ({case_files[0].name}: {case.name})")


if __name__ == "__main__":
    main()
