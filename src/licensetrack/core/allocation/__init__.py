"""Which hours count: the allocation problem (``problem``) and the exact simplex that solves it (``simplex``)."""
