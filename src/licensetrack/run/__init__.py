"""Many practitioners at once: the ordered, parallel local run behind ``licensetrack audit`` and the
Dask backend."""
