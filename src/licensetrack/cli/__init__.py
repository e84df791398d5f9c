"""The command line: ``main`` (the click group), shared options, and one module per command."""
