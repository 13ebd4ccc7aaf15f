"""News sources: one adapter module per source or source kind, found by name in `scrapers.registry`."""
