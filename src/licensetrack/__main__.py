"""``python -m licensetrack`` runs the command line."""

from licensetrack.cli import main

main()
