"""Plan import in the browser: upload a document, check the extracted targets beside the source text
(each target's sentence highlighted), correct them, save as a plan.

The extraction core reads the file; plans.services.import_document saves it (validated, atomic).
Between the two steps the extraction lives in the session, so nothing reaches the database
until the person saves.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianggang import planformat
from lianggang.accounts.permissions import Action, may_anywhere
from lianggang.plans.services import OnConflict, PlanConflict, PlanImportError, import_document

SESSION_KEY = "plan_import"
# Bounds that keep reading and saving a plan inside the server's 30 s timeout: plan documents are a
# few hundred KB of text (scans a few MB); the national plans hold about 200 targets.
MAX_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 400_000
MAX_TARGETS = 2_000
ACCEPTED = (".txt", ".docx", ".pdf", ".html", ".htm")
EDITABLE = ("indicator", "op", "value", "unit", "year")
CANCEL = "cancel"
# What the page offers when the document brings a plan another document already holds.
CONFLICT_CHOICES = [(OnConflict.REPLACE, OnConflict.REPLACE.label), (OnConflict.KEEP_BOTH, OnConflict.KEEP_BOTH.label),
                    (CANCEL, gettext_lazy("取消导入"))]


@dataclass
class TargetRow:
    key: str           # "plan.domain.goal.target" indices into the document; a measure's "plan.domain.m<i>.target"
    goal_code: str
    target: dict
    siblings: list | None = None   # the list holding the target (removing it removes it there)
    index: int = 0
    measure: bool = False          # a target stated in a 策略措施, not in a 主要目标
    domain: str = ""
    context: str = ""              # the goal's text or the measure's title

    @property
    def description(self) -> str:
        """The target in Chinese words (指标 不低于 95%), no internal codes."""
        return describe(self.target)

    @property
    def kind_label(self) -> str:
        return str(KIND_WORDS.get(self.target.get("kind", ""), self.target.get("kind", "")))

    @property
    def condition(self) -> str:
        """When or how the target holds: 力争, 换届后当年, by a year, from a base year."""
        t, parts = self.target, []
        if t.get("note"):
            parts.append(t["note"])
        if t.get("base_year"):
            parts.append(_("以%(y)s年为基数") % {"y": t["base_year"]})
        if t.get("per_year"):
            parts.append(_("每年"))
        if t.get("year"):
            parts.append(_("到%(y)s年") % {"y": t["year"]})
        return "，".join(str(p) for p in parts)

    @property
    def sentence(self) -> str:
        return (self.target.get("evidence") or {}).get("text", "")


KIND_WORDS = {"threshold": gettext_lazy("数值目标"), "change": gettext_lazy("变化目标"),
              "direction": gettext_lazy("方向目标"), "comparison": gettext_lazy("比较目标")}
OP_CHINESE = {">=": "不低于", "<=": "不高于", ">": "高于", "<": "低于", "~": "左右", "=": "达到"}
DIRECTION_CHINESE = {"increase": "提高", "decrease": "下降", "maintain": "保持"}
UNIT_CHINESE = {"ratio": "比例", "": "（无单位）"}


def describe(t: dict) -> str:
    """A plan/v1 target as Chinese words: 孕产妇死亡率 不高于 12/10万; 每年 下降 2%; 高于 全省平均水平."""
    name = t.get("indicator", "")
    quantity = planformat.format_quantity(t.get("value"), t.get("unit"))
    kind = t.get("kind")
    if kind == "threshold":
        op = t.get("op")
        return f"{name} {quantity}左右" if op == "~" else f"{name} {OP_CHINESE.get(op, op)} {quantity}"
    if kind == "change":
        each = "每年" if t.get("per_year") else ""
        return f"{name} {each}{DIRECTION_CHINESE.get(t.get('direction'), '')}{quantity}"
    if kind == "comparison":
        return f"{name} {OP_CHINESE.get(t.get('op'), t.get('op', ''))} {t.get('reference', '')}"
    return f"{name} {DIRECTION_CHINESE.get(t.get('direction'), t.get('direction') or '')}"


def _may_import(user) -> bool:
    return may_anywhere(user, Action.MANAGE_PLAN)


def _rows(doc: dict) -> list[TargetRow]:
    """Every target of the document: the goals' and the measures' (策略措施 hold targets too)."""
    rows = []
    for pi, plan in enumerate(doc["plans"]):
        for di, domain in enumerate(plan["domains"]):
            name = domain.get("name", "")
            for gi, goal in enumerate(domain.get("goals", [])):
                targets = goal.get("targets", [])
                for ti, t in enumerate(targets):
                    rows.append(TargetRow(f"{pi}.{di}.{gi}.{ti}", goal["code"], t, targets, ti, False, name,
                                          goal.get("text", "")))
            for mi, measure in enumerate(domain.get("measures", [])):
                targets = measure.get("targets", [])
                for ti, t in enumerate(targets):
                    rows.append(TargetRow(f"{pi}.{di}.m{mi}.{ti}", measure.get("code", ""), t, targets, ti, True, name,
                                          measure.get("title") or measure.get("text", "")))
    return rows


def _marked(text: str, rows: list[TargetRow]) -> list[tuple[str, str | None]]:
    """The source text cut into pieces, each piece with the key of the target whose evidence it is (or None)."""
    spans = sorted((r.target["evidence"]["start"], r.target["evidence"]["end"], r.key)
                   for r in rows if r.target.get("evidence"))
    pieces, at = [], 0
    for start, end, key in spans:
        if start < at:          # overlapping evidence (分别 sentences): the first target keeps the mark
            continue
        pieces += [(text[at:start], None), (text[start:end], key)]
        at = end
    pieces.append((text[at:], None))
    return [(p, k) for p, k in pieces if p]


def _number(raw: str, field: str, key: str):
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(_("目标 %(key)s 的%(field)s“%(raw)s”不是数字") % {"key": key, "field": field, "raw": raw})
    return int(number) if number.is_integer() else number


def _apply_edits(doc: dict, post) -> list[str]:
    """Write the person's corrections into the document; return the problems found."""
    problems = []
    removed: list[TargetRow] = []
    for row in _rows(doc):
        t = row.target
        if post.get(f"del-{row.key}"):
            removed.append(row)
            continue
        for name in EDITABLE:
            raw = post.get(f"{name}-{row.key}")
            if raw is None:
                continue
            raw = raw.strip()
            try:
                if name in ("value", "year"):
                    if raw:
                        t[name] = _number(raw, _("目标值") if name == "value" else _("目标年"), row.key)
                    else:
                        t.pop(name, None)
                elif raw:
                    t[name] = raw
            except ValueError as e:
                problems.append(str(e))
        if post.get(f"ok-{row.key}"):
            t.pop("review", None)   # the person checked it against its sentence
    for row in sorted(removed, key=lambda r: r.index, reverse=True):   # later ones first: indices stay right
        del row.siblings[row.index]
    for pi, plan in enumerate(doc["plans"]):
        for name in ("title", "region"):
            raw = post.get(f"plan-{pi}-{name}")
            if raw is not None and raw.strip():
                plan[name] = raw.strip()
    return problems


def _too_big(text: str, document: dict) -> str:
    """Why an extracted document is beyond what one page request may check and save ("" if it is not)."""
    if len(text) > MAX_TEXT_CHARS:
        return _("文本有 %(n)s 字，超过一部纲要（规划）的上限 %(limit)s 字；请只上传纲要正文") % {
            "n": len(text), "limit": MAX_TEXT_CHARS}
    targets = len(_rows(document))
    if targets > MAX_TARGETS:
        return _("识别出 %(n)s 项量化目标，超过上限 %(limit)s 项；请只上传纲要正文") % {"n": targets, "limit": MAX_TARGETS}
    return ""


@login_required
def upload(request):
    if not _may_import(request.user):
        raise PermissionDenied(_("只有工委办公室可以导入纲要（规划）"))
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            messages.error(request, _("请选择纲要（规划）文件"))
        elif not f.name.lower().endswith(ACCEPTED):
            messages.error(request, _("%(name)s：不支持的文件类型，请上传 %(ext)s 文件") %
                           {"name": f.name, "ext": "、".join(ACCEPTED)})
        elif f.size > MAX_BYTES:
            messages.error(request, _("%(name)s：文件大小 %(size)s MB 超过上限 %(limit)s MB") %
                           {"name": f.name, "size": round(f.size / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024})
        else:
            # Reading a document can take minutes (a long PDF, a scan by OCR): a background job does it.
            from lianggang.jobs.services import JobRefused, start_extraction
            try:
                job = start_extraction(request.user, f.name, f.read())
            except JobRefused as e:
                messages.error(request, str(e))
                return render(request, "web/work/plan_upload.html", status=400)
            job.refresh_from_db()
            if job.state == "done":        # a worker that runs jobs at once (tests, a quick file)
                return resume_from(request, job.result_data)
            if job.state == "failed":
                messages.error(request, f"{f.name}：{job.error}")
                return render(request, "web/work/plan_upload.html", status=400)
            return redirect("jobs:job", pk=job.pk)
    return render(request, "web/work/plan_upload.html")


def resume_from(request, extraction: dict):
    """An extraction (done by a job) waits in the session for the person to check it."""
    too_big = _too_big(extraction["text"], extraction["doc"])
    if too_big:
        messages.error(request, f"{extraction['name']}：{too_big}")
        return render(request, "web/work/plan_upload.html", status=400)
    extraction["doc"]["source"] = extraction["name"]
    request.session[SESSION_KEY] = {"doc": extraction["doc"], "text": extraction["text"],
                                    "name": extraction["name"]}
    return redirect("web:plan-import-check")


@login_required
def check_and_save(request):
    if not _may_import(request.user):
        raise PermissionDenied(_("只有工委办公室可以导入纲要（规划）"))
    state = request.session.get(SESSION_KEY)
    if not state:
        messages.error(request, _("没有待核对的纲要，请先上传文件"))
        return redirect("web:plan-import")
    doc, text = state["doc"], state["text"]
    problems: list[str] = []
    conflicts = []
    status = 200
    if request.method == "POST":
        choice = request.POST.get("on_conflict") or OnConflict.ASK
        if choice == CANCEL:
            del request.session[SESSION_KEY]
            messages.info(request, _("已取消导入，未保存任何纲要。"))
            return redirect("web:plan-import")
        if choice not in OnConflict.values:
            choice = OnConflict.ASK
        problems = _apply_edits(doc, request.POST)
        if not problems:
            try:
                result = import_document(doc, region_code=request.POST.get("region_code") or None,
                                         source_text=text, user=request.user, on_conflict=choice)
            except PlanConflict as e:
                conflicts = e.conflicts
                status = 409
            except PlanImportError as e:
                problems = list(e.problems)
            else:
                del request.session[SESSION_KEY]
                messages.success(request, _("已保存 %(n)d 个纲要（新建 %(c)d，更新 %(u)d）。") %
                                 {"n": len(result.plans), "c": result.created, "u": result.updated})
                return redirect("web:plan-tree", pk=result.plans[0].pk)
        request.session[SESSION_KEY] = {**state, "doc": doc}
        status = 409 if conflicts else 400
    rows = _rows(doc)
    return render(request, "web/work/plan_check.html", {
        "doc": doc, "rows": rows, "pieces": _marked(text, rows), "problems": problems, "name": state["name"],
        "ops": [(op, OP_CHINESE.get(op, op)) for op in planformat.OPS],
        "units": [(u, UNIT_CHINESE.get(u, u)) for u in planformat.UNITS if u],
        "measure_count": sum(1 for r in rows if r.measure),
        "review_count": sum(1 for r in rows if r.target.get("review")),
        "conflicts": conflicts, "conflict_choices": CONFLICT_CHOICES,
    }, status=status)
