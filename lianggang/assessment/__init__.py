"""Assessment core (issue 4): pure Python, no Django.

A DB service calls ``assess``/``assess_many`` with plain numbers, then the scoring functions
(``summarise``, ``summarise_by``, ``warnings``, ``warning_groups``).  Methods and sources:
docs/assessment.md.
"""
from .cases import parse_case, run_cases
from .model import DEFAULT_CONFIG, Assessment, Baseline, CaseError, Config, Period, Status
from .scoring import (Summary, WarningGroup, WarningKind, WarningRow, is_warning, midterm, summarise,
                      summarise_by, warning_groups, warnings)
from .status import Prepared, assess, assess_many, prepare

__all__ = ["Assessment", "Baseline", "CaseError", "Config", "DEFAULT_CONFIG", "Period", "Prepared",
           "Status", "Summary", "WarningGroup", "WarningKind", "WarningRow", "assess", "assess_many",
           "is_warning", "midterm", "parse_case", "prepare", "run_cases", "summarise", "summarise_by",
           "warning_groups", "warnings"]
