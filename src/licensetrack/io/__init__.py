"""Files in and out: structuring parsed data strictly, profiles, rule files, batch files (JSON Lines and
CSV bundles), and safe (atomic) writes. Imports only the core."""
