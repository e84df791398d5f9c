"""licensetrack: where a mental-health professional stands with every board they answer to."""

__version__ = "0.1.0"
