"""Settings by environment: base, production (default), development, test."""
