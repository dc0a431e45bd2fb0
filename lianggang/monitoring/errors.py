"""Domain errors of monitoring: each carries a message (in the active language, Chinese by default) and the field it concerns."""
from __future__ import annotations


class MonitoringError(Exception):
    def __init__(self, message: str, field: str = "", findings: list | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.findings = findings or []


class NotFound(MonitoringError):
    pass


class InvalidValue(MonitoringError):
    """Blocking validation findings at entry."""


class StaleVersion(MonitoringError):
    """Someone else saved the value since it was read."""


class WrongState(MonitoringError):
    pass


class ValidationFailed(MonitoringError):
    """Submit refused: errors, or warnings without a note."""
