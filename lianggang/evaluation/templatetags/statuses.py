"""``{% load statuses %}``: a status's word and badge class from the one list (assessment.model.Status).

    {{ r.status|status_label }}   已实现 / achieved, in the page's language
    {{ r.status|status_css }}     status status-achieved (site.css)
    {{ group.kind|warning_label }} 预计达标困难 …, with |warning_explanation for the sentence under it
"""
from __future__ import annotations

from django import template

from lianggang.assessment.model import Status
from lianggang.assessment.scoring import WarningKind
from lianggang.evaluation.results import core_language

register = template.Library()


@register.filter
def status_label(status) -> str:
    return Status(status).label(core_language()) if status else ""


@register.filter
def status_css(status) -> str:
    return Status(status).css if status else ""


@register.filter
def warning_label(kind) -> str:
    return WarningKind(kind).label(core_language())


@register.filter
def warning_explanation(kind) -> str:
    return WarningKind(kind).explanation(core_language())
