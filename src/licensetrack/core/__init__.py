"""The pure core: the domain values, the rule language, renewal periods, the exact allocation of hours,
the engine, the report, the planner and the deadlines. It reads no file, no clock and no plugin
manager, and imports nothing outside ``licensetrack.core`` (tests/test_layers.py enforces it)."""
