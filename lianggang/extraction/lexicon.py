"""Token tables of the target grammar, as data.

Every table here holds *general* words of Chinese plan language (operators,
units, trend verbs, quantity nouns).  No indicator names: the grammar finds
indicators by their head noun, never by a list of known indicators.
"""
from __future__ import annotations

# --- operators -------------------------------------------------------------
# Words before a value.  Longest first inside the regex; value = op they imply
# when no word after the value overrides it (None: decided by the word after,
# default ">=").
PRE_OPS: dict[str, str | None] = {
    "不低于": ">=", "不少于": ">=", "不小于": ">=", "至少": ">=", "最少": ">=",
    "不高于": "<=", "不超过": "<=", "不多于": "<=", "不大于": "<=", "最多": "<=",
    "高于": ">", "超过": ">", "突破": ">", "大于": ">", "多于": ">",
    "低于": "<", "不足": "<", "小于": "<", "少于": "<",
    "≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", ">": ">", "<": "<", "＞": ">", "＜": "<",
    "提高到": ">=", "提高至": ">=", "提升到": ">=", "提升至": ">=", "增至": ">=", "增加到": ">=",
    "增加至": ">=", "增长到": ">=", "增长至": ">=", "上升到": ">=", "上升至": ">=", "扩大到": ">=",
    "扩大至": ">=", "达到": None, "达": None,
    "降至": "<=", "降到": "<=", "降低到": "<=", "降低至": "<=", "下降到": "<=", "下降至": "<=",
    "减少到": "<=", "减少至": "<=", "减至": "<=", "控制在": "<=", "控制": "<=", "压减到": "<=",
    "保持在": None, "稳定在": None, "维持在": None, "保持": None, "巩固在": None,
    "为": "=", "占": None,
}
# Words after a value; they override the word before it.
POST_OPS: dict[str, str] = {
    "及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<=", "左右": "~",
}
# Words between the subject and its operator that only hedge or quantify it.
HEDGES = ("在", "力争", "争取", "努力", "一般", "均", "都", "应", "要", "须", "必须", "需", "继续",
          "逐步", "稳步", "基本", "全部", "分别", "始终", "持续", "长期", "确保", "保证")
NOTE_HEDGES = ("力争", "争取", "一般")  # worth a note on the target

# Full-width digits and signs read as ASCII (９５．５％ → 95.5%), one char for
# one so offsets stay valid; brackets and punctuation stay as the plan writes them.
WIDE_TO_NARROW = str.maketrans("０１２３４５６７８９．％：＜＞＝～／", "0123456789.%:<>=~/")

# --- units ------------------------------------------------------------------
# Unit as written → unit of plan/v1.  Order matters: longest first.
UNITS: dict[str, str] = {
    "/10万": "1/10万", "/十万": "1/10万", "/100000": "1/10万", "/万": "1/万",
    "个百分点": "百分点", "百分点": "百分点",
    "%": "%", "％": "%", "‰": "‰",
    "万人": "万人", "万元": "万元", "小时": "小时", "分钟": "分钟",
    "岁": "岁", "年": "年", "名": "名", "人": "人", "所": "所", "个": "个", "张": "张",
    "家": "家", "次": "次", "元": "元",
}
# The unit a rate is written in by convention, for when the sign was lost
# (分别降至3.05.06.0以下): first match wins, default %.
RATE_UNITS: tuple[tuple[str, str], ...] = (
    ("孕产妇死亡率", "1/10万"), ("伤害死亡率", "1/10万"), ("死亡率", "‰"), ("出生缺陷发生率", "‰"),
)
COUNT_UNITS = frozenset({"名", "人", "万人", "所", "个", "张", "家", "次"})
TIME_UNITS = frozenset({"小时", "分钟"})

# --- quantity nouns -----------------------------------------------------------
# A phrase names a measurable quantity when it ends with one of these.
QUANTITY_NOUNS: tuple[str, ...] = (
    "率", "比例", "比重", "占比", "寿命", "年限", "差距", "人数", "数量", "总量", "规模",
    "时间", "时长", "收入", "覆盖面", "数", "素养水平", "普及水平", "巩固水平", "待遇水平",
    "津贴水平", "薪酬待遇", "补贴标准", "津贴标准", "救助标准", "保障标准", "福利标准",
    "卫生费标准", "费标准", "补助标准", "低保标准", "供养标准", "比", "津贴", "补贴", "待遇", "额度", "金额",
    "频次",
)
# Endings that look like quantity nouns but are not (checked first).
NOT_QUANTITY: tuple[str, ...] = (
    "效率", "频率", "概率", "功率", "多数", "少数", "半数", "基数", "指数", "无数", "次数据",
    "对比", "相比", "类比", "评比", "无比",
)
# Phrase endings that name no measurable quantity (健康水平, 服务能力 …): such a
# part of a list is no head and no modifier of the next head either.
NON_QUANTITY_ENDINGS: tuple[str, ...] = (
    "水平", "能力", "质量", "意识", "可及性", "负担", "供给", "投入", "范围", "素养", "素质", "体系",
    "机制", "制度", "服务", "环境", "作用", "权益", "工作", "建设",
)
# Structure is measurable only when asked to stay balanced.
BALANCE_NOUNS: tuple[str, ...] = ("结构", "比例", "男女比例")

# --- direction verbs ------------------------------------------------------------
INCREASE = ("提高", "提升", "增加", "增长", "延长", "扩大", "增强", "加大", "上升", "增进", "拓展")
DECREASE = ("降低", "下降", "减少", "缩小", "减缓", "控制", "压减", "减轻", "缩短", "遏制")
MAINTAIN = ("维持", "保持稳定", "不降低", "保持均衡", "趋于平衡", "趋于均衡", "保持合理比例",
            "保持合理结构", "保持合理水平", "保持适当比例", "保持适当结构", "保持一定比例",
            "趋于正常", "保持正常", "保持平衡", "稳定", "巩固", "保持")
# Verbs a rate cannot take, most likely a typo of a trend verb (提供…普及率):
# read as the trend verb and flagged for review.
TYPO_VERBS = {"提供": "提高"}
# Adverbs that may stand before a trend verb.
TREND_ADVERBS = ("逐步", "逐年", "逐届", "不断", "持续", "进一步", "稳步", "明显", "显著", "有效",
                 "大幅", "继续", "努力", "全面", "有所", "大力", "切实", "较大", "进一步得到",
                 "得到", "整体", "总体", "稳定", "巩固", "力争", "更加", "加快", "积极", "合理")
# Adverbs worth keeping as a note.
NOTE_ADVERBS = ("逐届", "逐年")

# Verbs and words that open a clause without naming anything (stripped from the
# front of an indicator phrase).
LEADING_WORDS = (
    "保持", "维持", "推进实现", "推动实现", "确保实现", "基本实现", "力争实现", "实现", "推进", "推动", "促进",
    "确保", "保证", "力争", "争取", "努力", "着力", "继续", "持续", "全面", "进一步",
    "逐步", "不断", "加快", "加强", "支持", "鼓励", "引导", "切实", "有效", "稳步", "大力",
    "巩固", "使", "让", "要", "应", "基本", "同时", "其中", "并", "且", "和", "及", "以及",
    "全市", "全县", "全区", "全盟", "全旗", "全省", "全州", "全国", "各地", "到期末",
    "提高并", "提升并", "降低并", "提高", "提升", "降低", "督促", "指导",
    "落实", "完善", "健全", "建立健全", "加大", "实施", "深化", "强化", "优化", "规范", "帮助", "重视", "采取措施", "采取有效措施",
)
