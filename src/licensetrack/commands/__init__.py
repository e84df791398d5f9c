"""The commands of ``licensetrack``, one module per family; ``licensetrack.cli`` assembles them."""
