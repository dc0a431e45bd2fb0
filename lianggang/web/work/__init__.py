"""work pages."""
