"""Validation rules as data: a registry of named rules and pure functions over plain data.

Nothing here touches the database: callers (services, the bulk loader) pass
`IndicatorMeta` and numbers, and get `Finding`s back. To add a rule: add a `Rule`
to RULES, implement its check in the function named by its kind, add a row to
tests/monitoring/test_rules.py.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Iterable

from django.utils.translation import gettext as _, gettext_lazy

from lianggang.lib.cells import AREA, SEX, TOTAL, Dimension
from lianggang.lib.units import unit_of
from lianggang.monitoring.models import Value

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    template: str         # lazy Chinese msgid with %(name)s placeholders, formatted with the finding's params
    applies_to: str       # human description (validation-rules lists it)

    @property
    def message(self) -> str:
        """The template as a person reads it in a list of rules: placeholders written {name}."""
        return re.sub(r"%\((\w+)\)s", r"{\1}", str(self.template)).replace("%%", "%")


# The templates are translated when a finding is made (gettext_lazy: nothing is looked up at import),
# so a finding speaks the language of the request that asked; commands run in Chinese.
RULES: dict[str, Rule] = {r.code: r for r in [
    Rule("not_a_number", ERROR, gettext_lazy("“%(text)s”不是数字"), "所有指标"),
    Rule("unit_range", ERROR, gettext_lazy("单位为%(unit)s的数值应在%(low)s到%(high)s之间，填报值为%(value)s"),
         "有取值范围的单位（%、‰、1/10万、岁 …，见 lib/units.py）"),
    Rule("non_negative", ERROR, gettext_lazy("数值不能为负数，填报值为%(value)s"), "比率、计数、年龄等单位"),
    Rule("whole_count", ERROR, gettext_lazy("计数单位（%(unit)s）的数值应为整数，填报值为%(value)s"),
         "计数单位（人、个、所、家、次、件、户、名、例 …）"),
    Rule("too_large", ERROR, gettext_lazy("数值%(value)s过大，无法保存（整数部分最多%(digits)s位）"), "所有指标"),
    Rule("too_precise", ERROR, gettext_lazy("数值最多保留%(places)s位小数，填报值为%(value)s"), "所有指标"),
    Rule("no_such_disaggregation", ERROR, gettext_lazy("指标“%(indicator)s”没有%(dimension)s分组“%(cell)s”"),
         "所有指标"),
    Rule("sex_sum", ERROR, gettext_lazy("女性（%(female)s）与男性（%(male)s）之和应等于合计（%(total)s）"),
         "分性别的计数指标"),
    Rule("area_between", ERROR, gettext_lazy("合计（%(total)s）应介于城镇（%(urban)s）与乡村（%(rural)s）之间"),
         "分城乡的比率指标"),
    Rule("sex_between", ERROR, gettext_lazy("合计（%(total)s）应介于女性（%(female)s）与男性（%(male)s）之间"),
         "分性别的比率指标"),
    Rule("part_le_whole", ERROR, gettext_lazy("“%(part)s”（%(part_value)s）不应大于“%(whole)s”（%(whole_value)s）"),
         "声明的部分—整体指标对"),
    Rule("yoy_change", WARNING,
         gettext_lazy("与上年（%(previous)s）相比变化%(change)s，超过阈值%(threshold)s%%，请填写说明"), "所有指标"),
    # The modified z-score said in words an officer uses: how far the value lies from its sibling regions.
    Rule("outlier", WARNING,
         gettext_lazy("与同级地区相比明显偏高或偏低（偏离程度%(z)s，超过3.5即视为异常），请核实并填写说明"),
         "同年至少5个同级地区有数据"),
    Rule("same_as_last_year", WARNING, gettext_lazy("与上年数值完全相同（%(value)s），请核实并填写说明"),
         "比率指标（%、‰、1/10万）"),
]}

# How values are stored, read from the model field (Value.value): a number the database cannot hold
# exactly is refused, never rounded or overflowed (10¹⁴ crashed pages; 1e-7 was stored as 0).
# Changing the field's max_digits/decimal_places changes the check with it.
_STORED = Value._meta.get_field("value")
MAX_DIGITS, DECIMAL_PLACES = _STORED.max_digits, _STORED.decimal_places
SWITCHED = ("sex_sum", "area_between", "sex_between")   # checks a declared rule turns on or off
DEFAULT_YOY_THRESHOLD = Decimal("30")   # percent of last year's value
OUTLIER_Z = Decimal("3.5")


@dataclass(frozen=True)
class IndicatorMeta:
    name: str
    unit: str = ""
    by_sex: bool = False
    by_area: bool = False
    age_groups: tuple[str, ...] = ()
    yoy_threshold: Decimal | None = None
    sex_sum: bool | None = None        # declared on (True) or off (False); None: by the unit
    area_between: bool | None = None
    sex_between: bool | None = None

    @classmethod
    def of(cls, indicator, declared: Iterable = ()) -> "IndicatorMeta":
        """`declared`: the indicator's declared rules (objects with kind, active, threshold). An
        active yoy_change rule sets the threshold; a sex_sum, sex_between or area_between rule turns
        that check on, or off when inactive (e.g. counts with a 性别不详 remainder)."""
        yoy, switches = None, {}
        for rule in declared:
            if rule.kind == "yoy_change" and rule.active:
                yoy = rule.threshold
            elif rule.kind in SWITCHED:
                switches[rule.kind] = bool(rule.active)
        return cls(indicator.name, indicator.unit or "", indicator.by_sex, indicator.by_area,
                   tuple(indicator.age_groups or ()), yoy, **{kind: switches.get(kind) for kind in SWITCHED})

    @property
    def checks_sex_sum(self) -> bool:
        """女+男=合计: by default for counts split by sex."""
        return self.by_sex and (self.sex_sum if self.sex_sum is not None else self.is_count)

    @property
    def checks_area_between(self) -> bool:
        """合计介于城镇与乡村之间: by default for rates split by area."""
        return self.by_area and (self.area_between if self.area_between is not None else self.is_rate)

    @property
    def checks_sex_between(self) -> bool:
        """合计介于女性与男性之间: by default for rates split by sex."""
        return self.by_sex and (self.sex_between if self.sex_between is not None else self.is_rate)

    @property
    def has_consistency_checks(self) -> bool:
        """Does check_consistency have anything to check in this indicator's cells?"""
        return self.checks_sex_sum or self.checks_sex_between or self.checks_area_between

    @property
    def is_rate(self) -> bool:
        return unit_of(self.unit).is_rate

    @property
    def is_count(self) -> bool:
        return unit_of(self.unit).is_count


@dataclass(frozen=True)
class Cell:
    sex: str = TOTAL
    area: str = TOTAL
    age_group: str = ""


@dataclass(frozen=True)
class Finding:
    field: str
    code: str
    severity: str
    message: str
    params: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def blocking(self) -> bool:
        return self.severity == ERROR


def finding(code: str, field_: str = "value", **params) -> Finding:
    """The finding of rule `code`, its message in the active language."""
    rule = RULES[code]
    return Finding(field_, code, rule.severity, str(rule.template) % params, params)


def _fmt(d: Decimal) -> str:
    text = format(d.normalize(), "f") if d == d.to_integral() else format(d, "f").rstrip("0").rstrip(".")
    return text


def _short(d: Decimal) -> str:
    """A number too long to show whole (10¹⁴ digits and more) in scientific form."""
    text = _fmt(d) if abs(d.adjusted()) < 30 else f"{d:.6E}"
    return text if len(text) <= 40 else f"{d:.6E}"


def parse_number(text) -> Decimal | None:
    """Decimal of `text` (commas and spaces allowed), or None when it is not a number."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, (int, float)):
        return Decimal(str(text))
    cleaned = str(text).strip().replace(",", "").replace("，", "").replace(" ", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_stored(number: Decimal) -> list[Finding]:
    """A number Value.value holds exactly: at most MAX_DIGITS − DECIMAL_PLACES integer digits and
    DECIMAL_PLACES decimals (trailing zeros do not count)."""
    digits = MAX_DIGITS - DECIMAL_PLACES
    if number.adjusted() >= digits:
        return [finding("too_large", value=_short(number), digits=digits)]
    exponent = number.as_tuple().exponent
    if exponent < -DECIMAL_PLACES and number.normalize().as_tuple().exponent < -DECIMAL_PLACES:
        return [finding("too_precise", value=_short(number), places=DECIMAL_PLACES)]
    return []


def check_range(meta: IndicatorMeta, number: Decimal) -> list[Finding]:
    """The number as the indicator's unit allows it (lib/units.py: bounds, whole numbers) and as it is stored."""
    stored = check_stored(number)
    if stored:
        return stored
    unit = unit_of(meta.unit)
    if unit.low == 0 and number < 0:
        return [finding("non_negative", value=_fmt(number))]
    if (unit.low is not None and number < unit.low) or (unit.high is not None and number > unit.high):
        return [finding("unit_range", unit=unit.code, low=_fmt(unit.low), high=_fmt(unit.high), value=_fmt(number))]
    if unit.whole and number != number.to_integral():
        return [finding("whole_count", unit=unit.code, value=_fmt(number))]
    return []


def check_cell(meta: IndicatorMeta, cell: Cell) -> list[Finding]:
    out = []
    if cell.sex != TOTAL and (not meta.by_sex or cell.sex not in SEX.codes):
        out.append(finding("no_such_disaggregation", "sex", indicator=meta.name, dimension=_("性别"),
                           cell=_(SEX.names.get(cell.sex, cell.sex))))
    if cell.area != TOTAL and (not meta.by_area or cell.area not in AREA.codes):
        out.append(finding("no_such_disaggregation", "area", indicator=meta.name, dimension=_("城乡"),
                           cell=_(AREA.names.get(cell.area, cell.area))))
    if cell.age_group and cell.age_group not in meta.age_groups:
        out.append(finding("no_such_disaggregation", "age_group", indicator=meta.name, dimension=_("年龄"),
                           cell=cell.age_group))
    return out


def cell_word_error(dimension: Dimension, text: str) -> str:
    """性别“x”无效（应为合计、女或男）: a file's cell that names no sex (or area)."""
    words = [_(w.name) for w in dimension.words]
    expected = _("%(first)s或%(last)s") % {"first": _("、").join(words[:-1]), "last": words[-1]}
    return _("%(dimension)s“%(word)s”无效（应为%(expected)s）") % {
        "dimension": _(dimension.name), "word": text, "expected": expected}


def validate_cell(meta: IndicatorMeta, cell: Cell, value_text) -> list[Finding]:
    """Blocking checks of one entered value: a number, in the unit's range, in a cell the indicator has."""
    found = check_cell(meta, cell)
    number = parse_number(value_text)
    if number is None:
        return found + [finding("not_a_number", text=str(value_text))]
    return found + check_range(meta, number)


def validate_cells(rows: Iterable[tuple[IndicatorMeta, Cell, object]]) -> list[list[Finding]]:
    """Batch form of validate_cell, one list of findings per row (for the bulk loader)."""
    return [validate_cell(meta, cell, text) for meta, cell, text in rows]


def check_sex_sum(total: Decimal | None, female: Decimal | None, male: Decimal | None) -> list[Finding]:
    if None in (total, female, male) or female + male == total:
        return []
    return [finding("sex_sum", "sex", female=_fmt(female), male=_fmt(male), total=_fmt(total))]


def check_area_between(total: Decimal | None, urban: Decimal | None, rural: Decimal | None) -> list[Finding]:
    if None in (total, urban, rural) or min(urban, rural) <= total <= max(urban, rural):
        return []
    return [finding("area_between", "area", total=_fmt(total), urban=_fmt(urban), rural=_fmt(rural))]


def check_sex_between(total: Decimal | None, female: Decimal | None, male: Decimal | None) -> list[Finding]:
    if None in (total, female, male) or min(female, male) <= total <= max(female, male):
        return []
    return [finding("sex_between", "sex", total=_fmt(total), female=_fmt(female), male=_fmt(male))]


def check_part_le_whole(part: str, part_value: Decimal | None, whole: str, whole_value: Decimal | None) -> list[Finding]:
    if None in (part_value, whole_value) or part_value <= whole_value:
        return []
    return [finding("part_le_whole", part=part, part_value=_fmt(part_value), whole=whole,
                    whole_value=_fmt(whole_value))]


def check_consistency(meta: IndicatorMeta, cells: dict[Cell, Decimal]) -> list[Finding]:
    """Rules inside one indicator's cells of one region and year: sex sums for counts; for rates the
    total between the sexes and between town and country."""
    out: list[Finding] = []
    for age in {c.age_group for c in cells}:
        def get(sex: str = TOTAL, area: str = TOTAL) -> Decimal | None:
            return cells.get(Cell(sex, area, age))
        if meta.checks_sex_sum:
            out += check_sex_sum(get(), get("female"), get("male"))
        if meta.checks_sex_between:
            out += check_sex_between(get(), get("female"), get("male"))
        if meta.checks_area_between:
            out += check_area_between(get(), get(area="urban"), get(area="rural"))
    return out


def check_year_on_year(meta: IndicatorMeta, value: Decimal, previous: Decimal | None) -> list[Finding]:
    if previous is None or previous == 0:
        return []
    threshold = meta.yoy_threshold if meta.yoy_threshold is not None else DEFAULT_YOY_THRESHOLD
    change = (value - previous) / abs(previous) * 100
    if abs(change) <= threshold:
        return []
    relative = _fmt(change.quantize(Decimal("0.1")))
    if meta.unit == "%":
        # a change of a percentage is said in 个百分点, its relative size beside it
        said = _("%(points)s个百分点（相对变化%(relative)s%%）") % {
            "points": _fmt(value - previous), "relative": relative}
    else:
        said = f"{relative}%"
    return [finding("yoy_change", previous=_fmt(previous), change=said, threshold=_fmt(threshold))]


def modified_z(value: Decimal, siblings: list[Decimal]) -> Decimal | None:
    """Iglewicz & Hoaglin: 0.6745 (x − median) / MAD over the sibling regions (value included)."""
    if len(siblings) < 5:
        return None
    med = statistics.median(siblings)
    mad = statistics.median([abs(s - med) for s in siblings])
    if mad == 0:
        return None
    return Decimal("0.6745") * (value - med) / mad


def check_outlier(value: Decimal, siblings: list[Decimal]) -> list[Finding]:
    z = modified_z(value, siblings)
    if z is None or abs(z) <= OUTLIER_Z:
        return []
    return [finding("outlier", z=_fmt(z.quantize(Decimal("0.01"))))]


def check_same_as_last_year(meta: IndicatorMeta, value: Decimal, previous: Decimal | None) -> list[Finding]:
    if not meta.is_rate or previous is None or value != previous:
        return []
    return [finding("same_as_last_year", value=_fmt(value))]


def warnings_for(meta: IndicatorMeta, value: Decimal, previous: Decimal | None,
                 siblings: list[Decimal]) -> list[Finding]:
    """The warnings that need an explanation note before submitting."""
    return (check_year_on_year(meta, value, previous) + check_outlier(value, siblings)
            + check_same_as_last_year(meta, value, previous))
