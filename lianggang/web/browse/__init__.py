"""browse pages."""
