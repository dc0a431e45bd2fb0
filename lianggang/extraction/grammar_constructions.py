"""Quantitative constructions of the target grammar: one function per rule of
grammar_rules.RULES, each given the clause's subject before the match.

    threshold := subject PRE? VALUE-LIST POST?      孕产妇死亡率下降到12/10万以下
    bare      := subject VALUE-LIST POST BOUNDARY    …应占村民代表会议组成人员的三分之一以上。
    count     := subject 至少? VERB VALUE UNIT noun  至少配备一名女干部 → 女干部数
    change    := subject (以 YEAR 为基数 | 每年)? VERB VALUE (%|个百分点)
    comparison:= subject (不低于 | 与 … 相适应) reference
    full      := subject 全覆盖                      → >= 100 % on its coverage rate
    share     := VALUE% 的 noun PREDICATE            → PREDICATE 的 noun 比例
    all       := (所有|全部) noun PREDICATE          → PREDICATE 的 noun 比例 >= 100 %
    pairs     := (who VALUE 小时、)+ noun            → one per who
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import grammar_phrase as ph
from . import lexicon as lx
from .grammar_rules import (ACTION_NOUN_RE, BASIS_RE, CHANGE_VAL_RE, CHANGE_VERBS, COUNT_NOUN_RE, MORE_COUNT_RE,
                            PAIR_RE, RULES, SHARE_PRED_RE, SHARE_VERBS, VAL_RE)
from .grammar_types import FoundTarget
from .numbers import fraction_unit, is_fraction, is_tenths, parse_number, split_run

# Nothing in RULES can match a clause without one of these: skip it fast.
_TRIGGER_RE = re.compile(r"\d|分之|[一二三四五六七八九]成|全覆盖|所有|全部|达到|相适应|相一致|相当|相匹配|同步|持平|低于|高于|不少于|不超过"
                         r"|[一二两三四五六七八九十百千][名所个家张次人]")
_ACT_RE = re.compile(r"设置|设立|配备|建立|开设|开展|建成|配置|建有|设有|实施|落实")
# A time or occasion before the op: a note on the target (换届后当年, 平时, 届中)
_CONDITION_RE = re.compile(
    r"^(?:换届|届中|平时|期间|当年|年内|每届|换届后|换届时)|(?:时|后|期间|当年|之内)$")
_ACCOUNT_RE = re.compile(r"以[^，,。；;以]{1,15}?为(?:单位|口径)")
_PLACES_RE = re.compile(r"^(?:各|每个|每|所有|全部)(?=.)")
_WORK_TAIL_RE = re.compile(r"(?:规范化|标准化)?(?:建设|工作)$")
# 5以下儿童: an age whose 岁 was lost
_DAMAGED_NAME_RE = re.compile(r"(?<![\d.])\d+(?:以下|以上|以内)")
_RATE_OR_TIME = frozenset({"%", "‰", "1/10万", "小时", "分钟", "岁", "年"})
_RUN_RE = re.compile(r"\d+\.\d(?:\d+\.\d)+")
# A target year anywhere in a subject: 到2005年, 至2025年底
_TARGET_YEAR_RE = re.compile(r"(?:到|至|截至|截止)(?:19|20)\d\d年(?:前|底|末|以前)?")


@dataclass
class _Match:
    rule: str
    m: re.Match
    start: int  # into the text
    end: int


def op_of(pre: str | None, post: str | None) -> str:
    """op := POST_OP wins over PRE_OP; 达到 X alone and 保持在 X alone are >=."""
    if pre and pre not in lx.PRE_OPS:
        # 达到并保持在: the last one counts; 达到或超过: either, so the inclusive first
        words = re.split("(并|或|且)", pre)
        pre = words[0] if words[1] == "或" else words[-1]
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
        elif is_tenths(num):
            unit = "%"
        elif isinstance(value, str):
            unit = "ratio"
        out.append([value, lx.UNITS.get(unit, unit)])
    for i in range(len(out) - 2, -1, -1):
        if not out[i][1] and out[i + 1][1]:
            out[i][1] = out[i + 1][1]
    return [tuple(v) for v in out], review


def _infer_unit(name: str) -> str:
    """Unit of a rate whose unit sign was lost (see lexicon.RATE_UNITS)."""
    return next((unit for word, unit in lx.RATE_UNITS if word in name), "%")


def _name_for_unit(name: str, unit: str) -> str:
    """Complete a subject that names a count or a time: 床位 + 张 → 床位数."""
    if ph.is_quantity(name) or not name:
        return name
    if unit in lx.COUNT_UNITS:
        return name + "数"
    if unit in lx.TIME_UNITS:
        return name + "时间"
    return name


def scan(clause: str, offset: int) -> list[_Match]:
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
    if (m.group("pre") or "").endswith("为") and unit not in ("%", "％", "‰", "/10万"):
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
    """The subject before a construction, cleaned; its hedges and its unit of
    account (以乡镇为单位) become notes, a baseline (在…基础上) and a target year inside
    it (婚前医学检查率到2005年城市 → 婚前医学检查率城市; the year is read from the sentence) go."""
    raw = _TARGET_YEAR_RE.sub("", BASIS_RE.sub("", text[s:e]))
    account = _ACCOUNT_RE.search(raw)
    if account:
        raw = raw[:account.start()] + raw[account.end():]
    name, notes = ph.clean(raw)
    return name, ([account.group()] if account else []) + notes


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
        elif len(name) < 3 or not (ph.is_quantity(name) or unit in lx.COUNT_UNITS):
            r = r or "指标名称不完整，请核对原文"
        t = {"indicator": name, "kind": "threshold", "op": op, "value": value, "unit": unit}
        if notes:
            t["note"] = "、".join(notes)
        out.append(FoundTarget(t, start, end, r))
    return out


@dataclass
class _Clause:
    """What a reader gets: the text, the match, where its subject starts, the
    cleaned subject with its hedges, and the sentence's context."""
    text: str
    mt: _Match
    seg_start: int
    subject: str
    notes: list[str]
    ctx: dict


Read = tuple[list[FoundTarget], int]


def construction(text: str, mt: _Match, seg_start: int, ctx: dict) -> Read:
    """Targets of one construction and where its consumed span ends.  ctx["base"]
    is the sentence's last indicator without its sub-population: the subject of
    a clause that names none (乳腺癌人群筛查率不断提高，力争突破50%) or only a
    sub-population (…，其中农村达到90%)."""
    subject, notes = _subject(text, seg_start, mt.start)
    if not subject and mt.rule not in ("share", "pairs", "full"):
        subject = ctx.get("base", "")
    return READERS[mt.rule](_Clause(text, mt, seg_start, subject, notes, ctx))


def _read_pairs(c: _Clause) -> Read:
    return _pairs(c.mt, c.notes), c.mt.end


def _read_change(c: _Clause) -> Read:
    """change := subject (以 YEAR 年 为基数 | 每年 | 年均)? 分别? VERB CHANGE-VALUE-LIST POST?
    — a fraction is a share of the base (下降1/5 → 20 %); 分别 or several values distribute
    over the subject's parts (婴儿和5岁以下儿童死亡率分别下降1/5和1/4)."""
    m = c.mt.m
    values = []
    for vm in CHANGE_VAL_RE.finditer(m.group("vals")):
        if vm.group("frac"):
            values.append((parse_number(vm.group("frac")), fraction_unit(vm.group("frac"))))
        else:
            values.append((parse_number(vm.group("num")), lx.UNITS.get(vm.group("unit"), "%")))
    if m.group("dist") or len(values) > 1:
        names = ph.distribute(c.subject, max(len(values), len(ph.split_parts(c.subject)))) or ph.heads(c.subject)
    else:
        names = [c.subject] if ph.is_quantity(c.subject) else []
    if len(values) == 1:
        values = values * len(names)
    review = None if len(names) == len(values) else "数值个数与指标个数不符"
    out = []
    for name, (value, unit) in zip(names, values):
        t = {"indicator": name, "kind": "change", "direction": CHANGE_VERBS[m.group("verb")], "value": value,
             "unit": unit}
        if m.group("base"):
            t["base_year"] = int(m.group("base"))
        if m.group("per"):
            t["per_year"] = True
        if m.group("post"):
            t["op"] = lx.POST_OPS[m.group("post")]
        if c.notes:
            t["note"] = "、".join(c.notes)
        out.append(FoundTarget(t, c.seg_start, c.mt.end, review))
    return out, c.mt.end


def _read_comparison(c: _Clause) -> Read:
    """comparison := subject (PRE reference | 与 reference 相适应); the reference
    must name a quantity (…比例, …率, 平均水平)."""
    m, rule = c.mt.m, c.mt.rule
    op = "~" if rule == "fit" else lx.PRE_OPS.get(m.group("pre")) or ">="
    notes = [n + m.group("pre") for n in c.notes] if rule == "compare" else c.notes
    ref = m.group("ref").strip("，,。；; ")  # a reference keeps its 全国/全省
    if not (ph.is_quantity(ref) or ref.endswith("平均水平")):
        return [], c.mt.start  # 与…相适应 on something that is no quantity
    names = ph.heads(c.subject) or ([c.subject] if ph.is_quantity(c.subject) else [])
    out = []
    for name in names:
        t = {"indicator": name, "kind": "comparison", "op": op, "reference": ref}
        if notes:
            t["note"] = "、".join(notes)
        out.append(FoundTarget(t, c.seg_start, c.mt.end))
    return out, c.mt.end


def _read_full(c: _Clause) -> Read:
    """full := subject 全覆盖 → threshold >= 100 % on the subject's coverage rate."""
    name = c.subject.removesuffix("的")
    places = _PLACES_RE.match(name)
    if places and c.ctx.get("prev_clause"):
        # 推进儿童活动中心建设，实现各县全覆盖: what covers the places is in the
        # clause before
        covered, _ = ph.clean(c.ctx["prev_clause"])
        name = name[places.end():] + _WORK_TAIL_RE.sub("", covered)
    if not name:
        return [], c.mt.end
    t = {"indicator": name + "覆盖率", "kind": "threshold", "op": ">=", "value": 100,
         "unit": "%", "note": "全覆盖"}
    return [FoundTarget(t, c.seg_start, c.mt.end)], c.mt.end


def _read_share(c: _Clause) -> Read:
    return _share(c.text, c.mt, c.seg_start)


def _read_threshold(c: _Clause) -> Read:
    """threshold := subject PRE? VALUE-LIST POST? (see grammar_rules); the subject
    is completed where the clause leaves it implicit."""
    text, mt, m, rule = c.text, c.mt, c.mt.m, c.mt.rule
    subject, notes, end = c.subject, c.notes, mt.end
    context = c.ctx.get("base", "")
    distribute = bool(re.search(r"(?:分别|依次)$", text[c.seg_start:mt.start].rstrip("在到为")))
    values, review = _values(m.group("vals"), max(2, len(ph.split_parts(subject))))
    if not values:
        return [], end
    op = op_of(m.group("pre") if rule == "threshold" else None, m.group("post"))
    unit = values[-1][1]
    if rule == "threshold" and unit in lx.COUNT_UNITS | lx.TIME_UNITS and not ph.is_quantity(subject):
        counted = _counted(c, values, op, review, distribute)
        if counted:
            return counted
    if subject and subject == ph.head_word(subject) and ph.is_quantity(context):
        # 达标率达到92%，优良率达到50%: a bare head borrows the sentence's modifiers
        word = ph.head_word(context)
        subject = context[: len(context) - len(word)] + subject
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
    c.ctx["base"] = base if ph.is_quantity(base) else ""
    acts = _acts(subject) if unit == "%" else None
    if acts:
        return [f for name in acts
                for f in _emit_values(name, values, op, notes, c.seg_start, end, review, False)], end
    if m.groupdict().get("whole") and not ph.is_quantity(subject):
        subject = f"{subject}占{m.group('whole')}的比例"  # 达到总床位的60%
    if "占" in subject and rule == "bare" and not ph.is_quantity(subject):
        # 妇女村民代表应占村民代表会议组成人员的三分之一以上
        who, _, whole = subject.partition("占")
        who, _ = ph.clean(who)
        subject = f"{who}占{whole.removesuffix('的')}的比例"
    if rule == "bare" and not ph.is_quantity(subject) and unit not in lx.COUNT_UNITS | lx.TIME_UNITS:
        return [], end
    return _emit_values(subject, values, op, notes, c.seg_start, end, review, distribute), end


def _counted(c: _Clause, values, op: str, review, distribute: bool) -> Read | None:
    """count := subject 至少? VERB? VALUE UNIT noun (和 VALUE UNIT noun)* — 至少配备一名
    女干部 → 女干部数; 每年至少组织2次A和2次B → A次数, B次数 (an action keeps its verb)."""
    unit = values[-1][1]
    noun_re = ACTION_NOUN_RE if unit == "次" else COUNT_NOUN_RE
    nm = noun_re.match(c.text, c.mt.end)
    if not nm:
        return None
    suffix = "次数" if unit == "次" else ""
    verb = c.mt.m.group("cv") or c.mt.m.group("cv0") or ""
    base = c.subject + (verb if unit == "次" else "")
    end = nm.end()
    out = _emit_values(base + nm.group().removeprefix("的") + suffix, values, op, c.notes,
                       c.seg_start, end, review, distribute)
    while (more := MORE_COUNT_RE.match(c.text, end)) and (nm := noun_re.match(c.text, more.end())):
        vals, _ = _values(more.group(), 1)
        end = nm.end()
        out += _emit_values(base + nm.group().removeprefix("的") + suffix, vals, op, c.notes,
                            more.start(), end, review, False)
    return out, end


READERS: dict[str, Callable[[_Clause], Read]] = {
    "change": _read_change, "compare": _read_comparison, "fit": _read_comparison,
    "full": _read_full, "pairs": _read_pairs, "threshold": _read_threshold,
    "bare": _read_threshold, "share": _read_share, "all": _read_share,
}


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
    — 95%的城市社区建立家长学校 → 建立家长学校的城市社区比例 >= 95 %;
    all := (所有|全部) noun PREDICATE rest — the same with 100 %."""
    clause_end = mt.end
    while clause_end < len(text) and text[clause_end] not in "，,。；;\n":
        clause_end += 1
    tail = text[mt.end:clause_end]
    pred = SHARE_PRED_RE.search(tail)
    if not pred:
        return [], mt.end
    noun = re.split(r"和|、|及|\d", tail[:pred.start()])[0]
    action = tail[pred.start():].rstrip("。")
    start = mt.start
    if not noun and mt.rule == "all" and pred.start() == 0:
        noun, _ = ph.clean(text[seg_start:mt.start])  # 农村妇女全部参加…: the noun stands before 全部
        start = seg_start
    if not noun or not action:
        return [], mt.end
    m = mt.m
    if mt.rule == "all":  # 所有/全部 …: every unit, a share of 100 %
        if re.search(r"\d|全覆盖", tail):
            return [], mt.end  # a count or a value of its own follows: not this rule
        t = {"indicator": f"{action}的{noun}比例", "kind": "threshold", "op": ">=", "value": 100,
             "unit": "%", "note": m.group() + noun}
    else:
        t = {"indicator": f"{action}的{noun}比例", "kind": "threshold", "op": op_of(None, m.group("post")),
             "value": parse_number(re.sub(r"\s*[%％]$", "", m.group("vals"))), "unit": "%"}
    return [FoundTarget(t, start, clause_end)], mt.start + len(m.group()) + len(noun)

