"""The command line: ``main`` (the click group), shared ``options``, ``doc`` (docs/cli.md's generated
blocks), and one module per command, named after the command (``licensetrack plan`` is ``cli.plan``).

A command module may share a name with a package of the library (``cli.plugins``, ``cli.vocabulary``);
every import is absolute, so the names never meet.
"""
