"""The target grammar: from one goal's or measure's text to its plan/v1 targets.

    text    := sentence+                 sentence ends at 。；！？ or a line break
    sentence:= clause+                   clause ends at ，：
    clause  := (subject construction)* trend*

A construction is one of the named rules in grammar_rules.RULES (change,
comparison, full coverage, threshold, bare value, share of units); the subject
before it names the indicator.  What is left of a clause after its last
construction may hold direction targets (grammar_trend).  See
shared/plan-format.md for the format this implements.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import grammar_phrase as ph
from . import lexicon as lx
from .grammar_rules import (ACTION_NOUN_RE, BASIS_RE, CHANGE_VERBS, COUNT_NOUN_RE, MORE_COUNT_RE, PAIR_RE,
                            RULES, SHARE_PRED_RE, SHARE_VERBS, VAL_RE, YEAR_RE)
from .grammar_trend import CHAIN_RE, find_trends, open_object
from .numbers import fraction_unit, is_fraction, parse_number, split_run

__all__ = ["FoundTarget", "find_targets", "parse_table_row"]

KEY_ORDER = ("indicator", "kind", "op", "value", "unit", "direction", "reference",
             "base_year", "per_year", "year", "note")
# A colon between digits is a ratio (1:3), elsewhere it ends a clause.
_CLAUSE_RE = re.compile(r"(?:[^，,。；;！!？?\n：:]|(?<=\d)[：:](?=\d))+")
_SENTENCE_END = "。；;！!？?\n"
# Nothing in RULES can match a clause without one of these: skip it fast.
_TRIGGER_RE = re.compile(r"\d|分之|全覆盖|相适应|相一致|相当|相匹配|同步|持平|低于|高于|不少于|不超过"
                         r"|[一二两三四五六七八九十百千][名所个家张次人]")
_ACT_RE = re.compile(r"设置|设立|配备|建立|开设|开展|建成|配置|建有|设有|实施|落实")
# A time or occasion before the op: a note on the target (换届后当年, 平时, 届中)
_CONDITION_RE = re.compile(
    r"^(?:换届|届中|平时|期间|当年|年内|每届|换届后|换届时)|(?:时|后|期间|当年|之内)$|^以.+为单位$")
_PLACES_RE = re.compile(r"^(?:各|每个|每|所有|全部)(?=.)")
_WORK_TAIL_RE = re.compile(r"(?:规范化|标准化)?(?:建设|工作)$")
# 5以下儿童: an age whose 岁 was lost
_DAMAGED_NAME_RE = re.compile(r"(?<![\d.])\d+(?:以下|以上|以内)")
_RATE_OR_TIME = frozenset({"%", "‰", "1/10万", "小时", "分钟", "岁", "年"})
_RUN_RE = re.compile(r"\d+\.\d(?:\d+\.\d)+")


@dataclass
class FoundTarget:
    target: dict
    start: int
    end: int
    review: str | None = None


@dataclass
class _Match:
    rule: str
    m: re.Match
    start: int  # into the text
    end: int


def _ordered(target: dict) -> dict:
    return {k: target[k] for k in KEY_ORDER if k in target and target[k] not in (None, "", [])
            or (k == "unit" and k in target)}


def _op(pre: str | None, post: str | None) -> str:
    """op := POST_OP wins over PRE_OP; 达到 X alone and 保持在 X alone are >=."""
    if post:
        return lx.POST_OPS[post]
    if pre and lx.PRE_OPS.get(pre):
        return lx.PRE_OPS[pre]
    return ">="


def _values(vals: str, count_hint: int) -> tuple[list[tuple[object, str]], str | None]:
    """VALUE-LIST → [(value, unit)], units carried back over a list (3.0、4.0和6.0‰)."""
    out: list[list] = []
    review = None
    for vm in VAL_RE.finditer(vals):
        num, unit = vm.group("num"), vm.group("unit") or ""
        if _RUN_RE.fullmatch(num):
            parts = split_run(num, count_hint) or split_run(num, len(_RUN_RE.findall(num)))
            parts = parts or [float(x) for x in re.findall(r"\d+\.\d", num)]
            out += [[p, unit] for p in parts]
            review = "数值粘连，按一位小数拆分"
            continue
        value = parse_number(num)
        if value is None:
            continue
        if is_fraction(num):
            unit = fraction_unit(num)
        elif isinstance(value, str):
            unit = "ratio"
        out.append([value, lx.UNITS.get(unit, unit)])
    for i in range(len(out) - 2, -1, -1):
        if not out[i][1] and out[i + 1][1]:
            out[i][1] = out[i + 1][1]
    return [tuple(v) for v in out], review


def _infer_unit(name: str) -> str:
    if "死亡率" in name and "孕产妇" not in name:
        return "‰"
    if "孕产妇死亡率" in name:
        return "1/10万"
    return "%"


def _name_for_unit(name: str, unit: str) -> str:
    """Complete a subject that names a count or a time: 床位 + 张 → 床位数."""
    if ph.is_quantity(name) or not name:
        return name
    if unit in lx.COUNT_UNITS:
        return name + "数"
    if unit in lx.TIME_UNITS:
        return name + "时间"
    return name


def _year(text: str, pos: int, plan_end_year: int | None) -> int | None:
    if plan_end_year is None or "年" not in text:
        return None
    start = max(text.rfind(ch, 0, pos) for ch in _SENTENCE_END) + 1
    years = YEAR_RE.findall(text, start, pos)
    if years and plan_end_year and int(years[-1]) != plan_end_year:
        return int(years[-1])
    return None


def _scan(clause: str, offset: int) -> list[_Match]:
    """All constructions of a clause, earliest first, none overlapping (rules
    earlier in RULES win a tie)."""
    if not _TRIGGER_RE.search(clause):
        return []
    found: list[_Match] = []
    taken: list[tuple[int, int]] = []
    for rule, rx in RULES.items():
        for m in rx.finditer(clause):
            s, e = m.span()
            if rule == "threshold" and _is_year_or_age(m):
                continue
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            found.append(_Match(rule, m, offset + s, offset + e))
    return sorted(found, key=lambda x: x.start)


def _is_year_or_age(m: re.Match) -> bool:
    """A year (2025年) is no value; nor is a pre-op word that begins a name."""
    first = VAL_RE.match(m.group("vals"))
    if not first:
        return True
    unit = first.group("unit") or ""
    num = first.group("num")
    if unit == "年" and re.fullmatch(r"(?:19|20)\d\d", num):
        return True
    if m.group("pre") == "为" and unit not in ("%", "％", "‰", "/10万"):
        return True
    if m.group("cv0") and lx.UNITS.get(unit) not in lx.COUNT_UNITS:
        return True  # 开展0-6岁…: a count verb needs a count
    if re.match(r"\s*[-—–~～至到]\s*\d", m.string[m.end("vals"):]):
        return True  # a range inside a name (0-6岁儿童)
    if m.group("whole") and (m.group("pre") not in SHARE_VERBS
                             or (unit not in ("%", "％") and not is_fraction(num))):
        return True
    return False


def _subject(text: str, s: int, e: int) -> tuple[str, list[str]]:
    raw = BASIS_RE.sub("", text[s:e])
    return ph.clean(raw)


def _emit_values(name_phrase: str, values, op, notes, start, end, review, distribute) -> list[FoundTarget]:
    if distribute or len(values) > 1:
        names = ph.distribute(name_phrase, len(values)) or ph.heads(name_phrase)
    else:
        names = ph.heads(name_phrase) or ([name_phrase] if name_phrase else [])
    if not names:
        return []
    if len(names) != len(values):
        if len(values) == 1:
            values = values * len(names)
        elif len(names) == 1:
            names = names * len(values)
            review = review or "数值个数与指标个数不符"
        else:
            review = review or "数值个数与指标个数不符"
    out = []
    for name, (value, unit) in zip(names, values):
        r = review
        if not unit and ph.is_quantity(name) and name.endswith(("率", "比例", "比重", "占比")):
            unit = _infer_unit(name)
            r = r or f"原文缺单位，按指标推断为{unit}"
        name = _name_for_unit(name, unit)
        if _DAMAGED_NAME_RE.search(name):
            r = r or "指标名称中数字缺单位（如“5以下”），请核对原文"
        t = {"indicator": name, "kind": "threshold", "op": op, "value": value, "unit": unit}
        if notes:
            t["note"] = "、".join(notes)
        out.append(FoundTarget(t, start, end, r))
    return out


def _construction(text: str, mt: _Match, seg_start: int, ctx: dict) -> tuple[list[FoundTarget], int]:
    """Targets of one construction and where its consumed span ends.  ctx["base"]
    is the sentence's last indicator without its sub-population: the subject of
    a clause that names none (乳腺癌人群筛查率不断提高，力争突破50%) or only a
    sub-population (…，其中农村达到90%)."""
    m, rule = mt.m, mt.rule
    context = ctx.get("base", "")
    subject, notes = _subject(text, seg_start, mt.start)
    if not subject and rule not in ("share", "pairs", "full"):
        subject = context
    end = mt.end
    if rule == "pairs":
        return _pairs(mt, notes), end
    if rule == "change":
        t = {"indicator": subject, "kind": "change", "direction": CHANGE_VERBS[m.group("verb")],
             "value": parse_number(m.group("vals")), "unit": lx.UNITS.get(m.group("unit"), "%")}
        if m.group("base"):
            t["base_year"] = int(m.group("base"))
        if m.group("per") in ("每年", "逐年", "年均", "年平均"):
            t["per_year"] = True
        if m.group("post"):
            t["op"] = lx.POST_OPS[m.group("post")]
        if notes:
            t["note"] = "、".join(notes)
        return ([FoundTarget(t, seg_start, end)] if ph.is_quantity(subject) else []), end
    if rule in ("compare", "fit"):
        op = "~" if rule == "fit" else lx.PRE_OPS[m.group("pre")]
        if rule == "compare" and notes:
            notes = [n + m.group("pre") for n in notes]
        ref = m.group("ref").strip("，,。；; ")  # a reference keeps its 全国/全省
        if not (ph.is_quantity(ref) or ref.endswith("平均水平")):
            return [], mt.start  # 与…相适应 on something that is no quantity
        names = ph.heads(subject) or ([subject] if ph.is_quantity(subject) else [])
        out = []
        for name in names:
            t = {"indicator": name, "kind": "comparison", "op": op, "reference": ref}
            if notes:
                t["note"] = "、".join(notes)
            out.append(FoundTarget(t, seg_start, end))
        return out, end
    if rule == "full":
        name = subject[:-1] if subject.endswith("的") else subject
        places = _PLACES_RE.match(name)
        if places and ctx.get("prev_clause"):
            # 推进儿童活动中心建设，实现各县全覆盖: what covers the places is in
            # the clause before
            covered, _ = ph.clean(ctx["prev_clause"])
            covered = _WORK_TAIL_RE.sub("", covered)
            name = name[places.end():] + covered
        if not name:
            return [], end
        t = {"indicator": name + "覆盖率", "kind": "threshold", "op": ">=", "value": 100,
             "unit": "%", "note": "全覆盖"}
        return [FoundTarget(t, seg_start, end)], end
    if rule == "share":
        return _share(text, mt, seg_start)
    # threshold and bare
    distribute = bool(re.search(r"(?:分别|依次)$", text[seg_start:mt.start].rstrip("在到为")))
    values, review = _values(m.group("vals"), max(2, len(ph.split_parts(subject))))
    if not values:
        return [], end
    pre = m.group("pre") if rule == "threshold" else None
    op = _op(pre, m.group("post"))
    unit = values[-1][1]
    if rule == "threshold" and unit in lx.COUNT_UNITS | lx.TIME_UNITS and not ph.is_quantity(subject):
        # 至少配备一名[女干部], 每天至少1小时[阳光体育运动]: the counted noun follows
        nm = (ACTION_NOUN_RE if unit == "次" else COUNT_NOUN_RE).match(text, end)
        if nm:
            verb = m.group("cv") or m.group("cv0") or ""
            base = subject + (verb if unit == "次" else "")
            noun = nm.group().removeprefix("的")
            subject, end = base + noun + ("次数" if unit == "次" else ""), nm.end()
            out = _emit_values(subject, values, op, notes, seg_start, end, review, distribute)
            while ((more := MORE_COUNT_RE.match(text, end))
                   and (nm := (ACTION_NOUN_RE if unit == "次" else COUNT_NOUN_RE).match(text, more.end()))):
                vals, _ = _values(more.group(), 1)
                name = base + nm.group().removeprefix("的") + ("次数" if unit == "次" else "")
                end = nm.end()
                out += _emit_values(name, vals, op, notes, more.start(), end, review, False)
            return out, end
    if subject and subject == ph.head_word(subject) and ph.is_quantity(context):
        # 达标率达到92%，优良率达到50%: a bare head borrows the sentence's modifiers
        word = ph.head_word(context)
        subject = context[: len(context) - len(word)] + subject if word else subject
    base = subject
    if (not ph.is_quantity(subject) and unit in _RATE_OR_TIME and not m.groupdict().get("whole")
            and "占" not in subject):
        cut = _quantity_prefix(subject)
        tail = subject[cut:] if cut else subject
        if _CONDITION_RE.search(tail) and (cut or ph.is_quantity(context)):
            # …比例换届后当年达到100%，平时保持在85%以上: a condition, not a population
            notes = notes + [tail]
            base = subject = subject[:cut] if cut else context
        elif cut:
            # 儿童之家覆盖率城市社区达到95%: indicator first, sub-population after
            base, subject = subject[:cut], subject[cut:] + subject[:cut]
        elif ph.is_quantity(context) and 0 < len(subject) <= 6:
            # …率达到95%，其中农村达到90%: a sub-population of the sentence's indicator
            base, subject = context, subject + context
    ctx["base"] = base if ph.is_quantity(base) else ""
    acts = _acts(subject) if unit == "%" else None
    if acts:
        out = []
        for name in acts:
            out += _emit_values(name, values, op, notes, seg_start, end, review, False)
        return out, end
    if m.groupdict().get("whole") and not ph.is_quantity(subject):
        subject = f"{subject}占{m.group('whole')}的比例"
    if "占" in subject and rule == "bare" and not ph.is_quantity(subject):
        # 妇女村民代表应占村民代表会议组成人员的三分之一以上
        who, _, whole = subject.partition("占")
        who, _ = ph.clean(who)
        subject = f"{who}占{whole.removesuffix('的')}的比例"
    if rule == "bare" and not ph.is_quantity(subject) and values[-1][1] not in lx.COUNT_UNITS | lx.TIME_UNITS:
        return [], end
    return _emit_values(subject, values, op, notes, seg_start, end, review, distribute), end


def _acts(subject: str) -> list[str] | None:
    """acts := place? VERB object (、 VERB object)+ — each act becomes its rate:
    中小学设立咨询室、配备专职教师均达到100% → 中小学咨询室设立率, 中小学专职教师配备率."""
    parts = subject.split("、")
    if len(parts) < 2:
        return None
    first = _ACT_RE.search(parts[0])
    if not first or not all(_ACT_RE.match(p) for p in parts[1:]):
        return None
    place = parts[0][:first.start()]
    out = []
    for part in [parts[0][first.start():]] + parts[1:]:
        am = _ACT_RE.match(part)
        obj = part[am.end():]
        if not obj:
            return None
        out.append(f"{place}{obj}{am.group()}率")
    return out


def _quantity_prefix(subject: str) -> int:
    """Length of the longest prefix naming a quantity when a short sub-population
    follows it (覆盖率|城市社区), else 0."""
    for cut in range(len(subject) - 1, max(1, len(subject) - 7), -1):
        if ph.is_quantity(subject[:cut]) and not subject[cut:].startswith(("的", "中", "占")):
            return cut
    return 0


def _pairs(mt: _Match, notes: list[str]) -> list[FoundTarget]:
    """pairs := lead? (who NUMBER UNIT 、)+ noun — 每天小学生10小时、初中生9小时睡眠时间
    → 小学生每天睡眠时间 >= 10 小时, 初中生每天睡眠时间 >= 9 小时."""
    m = mt.m
    out = []
    base = mt.start + m.start("list") - m.start()
    for pm in PAIR_RE.finditer(m.group("list")):
        who = pm.group("who").strip("、")
        t = {"indicator": who + (m.group("per") or "") + m.group("noun"), "kind": "threshold",
             "op": ">=", "value": parse_number(pm.group("num")), "unit": pm.group("unit")}
        out.append(FoundTarget(t, base + pm.start(), mt.end))
    return out


def _share(text: str, mt: _Match, seg_start: int) -> tuple[list[FoundTarget], int]:
    """share := (VALUE% POST? 的? noun (和|、))* VALUE% POST? 的? noun PREDICATE rest
    — 95%的城市社区建立家长学校 → 建立家长学校的城市社区比例 >= 95 %."""
    clause_end = mt.end
    while clause_end < len(text) and text[clause_end] not in "，,。；;\n":
        clause_end += 1
    tail = text[mt.end:clause_end]
    pred = SHARE_PRED_RE.search(tail)
    if not pred:
        return [], mt.end
    noun = re.split(r"和|、|及|\d", tail[:pred.start()])[0]
    action = tail[pred.start():].rstrip("。")
    if not noun or not action:
        return [], mt.end
    m = mt.m
    op = _op(None, m.group("post"))
    t = {"indicator": f"{action}的{noun}比例", "kind": "threshold", "op": op,
         "value": parse_number(m.group("vals")), "unit": "%"}
    return [FoundTarget(t, mt.start, clause_end)], mt.start + len(m.group()) + len(noun)


def _clause_targets(text: str, cs: int, ce: int, ctx: dict) -> list[FoundTarget]:
    clause = text[cs:ce]
    out: list[FoundTarget] = []
    seg = cs
    for mt in _scan(clause, cs):
        if mt.start < seg:
            continue
        found, end = _construction(text, mt, seg, ctx)
        out += found
        seg = max(end, seg) if found or mt.rule != "share" else seg
        if found:
            seg = end
    rest = text[seg:ce]
    trends = list(find_trends(rest))
    for target, s, e in trends:
        out.append(FoundTarget(target, seg + s, seg + e))
    opened = ctx.pop("open", None)
    if not out and opened and not CHAIN_RE.search(rest):
        # the object of the last clause's verb goes on after a comma
        direction, obj = opened
        for name in ph.heads(ph.clean(rest)[0]):
            t = {"indicator": name, "kind": "direction", "direction": direction}
            out.append(FoundTarget(t, ctx.get("open_start", cs), ce))
    elif not out:
        opened = open_object(rest)
        if opened:
            ctx["open"], ctx["open_start"] = opened, cs
    return out


def _dedupe(found: list[FoundTarget]) -> list[FoundTarget]:
    """The same target twice is written once; a direction on an indicator that a
    quantitative target of the same text already covers is dropped."""
    quant = [ph.norm(f.target["indicator"]) for f in found if f.target["kind"] != "direction"]
    seen: set = set()
    out = []
    for f in found:
        t = f.target
        key = (ph.norm(t["indicator"]), t["kind"], t.get("op"), str(t.get("value")), t.get("direction"))
        if key in seen:
            continue
        if t["kind"] == "direction":
            name = ph.norm(t["indicator"])
            if any(name == q or (len(name) >= 4 and (name in q or q in name) and len(q) >= 4)
                   for q in quant):
                continue
        seen.add(key)
        out.append(f)
    return out


def find_targets(text: str, *, plan_end_year: int | None = None) -> list[FoundTarget]:
    """All targets of ONE goal's or measure's full text, in text order."""
    found: list[FoundTarget] = []
    ctx: dict = {}
    for cm in _CLAUSE_RE.finditer(text):
        if cm.start() == 0 or text[cm.start() - 1] in _SENTENCE_END:
            ctx = {}
        found_here = _clause_targets(text, cm.start(), cm.end(), ctx)
        ctx["prev_clause"] = cm.group()
        for f in found_here:
            if not f.target.get("indicator"):
                continue
            year = _year(text, f.start, plan_end_year)
            if year and f.target["kind"] != "direction":
                f.target["year"] = year
            f.target = _ordered(f.target)
            found.append(f)
            if f.target["kind"] != "threshold":
                ctx["base"] = f.target["indicator"]
    return _dedupe(found)


def parse_table_row(indicator_cell: str, target_cell: str) -> list[FoundTarget]:
    """Targets of one indicator-table row, offsets into target_cell: ("孕产妇死亡率(1/10万)",
    "<7") → threshold < 7 1/10万; ("妇女人均预期寿命(岁)", "延长") → increase;
    ("…比例(%)", "相适应") → [] (no reference named).  See grammar_table."""
    from .grammar_table import parse_row  # it builds on find_targets: imported late

    return parse_row(indicator_cell, target_cell)
