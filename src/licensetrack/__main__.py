"""``python -m licensetrack`` runs the command line."""

from licensetrack.cli.main import main

main()
