"""Assessment core (issue 4): pure Python, no Django.

A DB service calls ``assess``/``assess_many`` with plain numbers, then
``summarise`` and ``warnings``.  Methods and sources: docs/assessment.md.
"""
from .aggregate import GroupSummary, Summary, Warning, midterm, summarise, warnings
from .cases import parse_case, run_cases
from .model import (DEFAULT_CONFIG, STATUS_LABELS, STATUS_RANK, Assessment, Baseline,
                    CaseError, Config, Period, Status)
from .status import Prepared, assess, assess_many, prepare

__all__ = ["Assessment", "Baseline", "CaseError", "Config", "DEFAULT_CONFIG", "GroupSummary",
           "Period", "Prepared", "STATUS_LABELS", "STATUS_RANK", "Status", "Summary",
           "Warning", "assess", "assess_many", "midterm", "parse_case", "prepare",
           "run_cases", "summarise", "warnings"]
