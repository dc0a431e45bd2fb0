"""Direction targets, comparisons, coverage and table rows of the target grammar.

Example sentences are written from the grammar, not copied from any plan.
"""
import pytest

from lianggang.extraction.grammar import find_targets, parse_table_row


def targets(text, **kw):
    return [f.target for f in find_targets(text, **kw)]


def directions(text):
    return [(t["indicator"], t["direction"]) for t in targets(text) if t["kind"] == "direction"]


# --- direction: verb after the quantity ----------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("农村妇女人均可支配收入稳步增长。", [("农村妇女人均可支配收入", "increase")]),
    ("城乡居民健康预期寿命不断延长。", [("城乡居民健康预期寿命", "increase")]),
    ("男女工资收入差距逐步缩小。", [("男女工资收入差距", "decrease")]),
    ("女性科技工作者比例明显提高。", [("女性科技工作者比例", "increase")]),
    ("企业女职工职业病发病率显著降低。", [("企业女职工职业病发病率", "decrease")]),
    ("托位数量持续增加。", [("托位数量", "increase")]),
    # a chain of verbs: the last one decides
    ("社区托育服务覆盖率进一步巩固提高。", [("社区托育服务覆盖率", "increase")]),
    # 上升趋势 … 减缓 / 得到控制 → decrease
    ("青少年抑郁症患病率上升趋势减缓。", [("青少年抑郁症患病率", "decrease")]),
    ("学生超重、肥胖上升趋势得到有效遏制。", [("学生超重、肥胖率", "decrease")]),
])
def test_verb_after_quantity(text, expected):
    assert directions(text) == expected


# --- direction: verb before the quantity ----------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("提高产后访视率。", [("产后访视率", "increase")]),
    ("降低孕产妇贫血率、低出生体重发生率。", [("孕产妇贫血率", "decrease"), ("低出生体重发生率", "decrease")]),
    ("提高城市社区卫生服务站普及率和实际使用率。", [("城市社区卫生服务站普及率", "increase"), ("实际使用率", "increase")]),
    ("全面压减课外作业总量和时长。", [("课外作业总量", "decrease"), ("课外作业时长", "decrease")]),
    # a later head that is only a head word borrows the first head's modifiers
    ("逐步提高农村留守儿童入园率和巩固率。", [("农村留守儿童入园率", "increase"), ("农村留守儿童巩固率", "increase")]),
    ("提高学生参加体育锻炼的时间和频次。", [("学生参加体育锻炼的时间", "increase"), ("学生参加体育锻炼的频次", "increase")]),
    ("提高贷款额度。", [("贷款额度", "increase")]),
    # a bare object's owner stands before the verb
    ("帮助返乡妇女稳定增加收入。", [("返乡妇女收入", "increase")]),
    ("有效控制低危人群剖宫产率。", [("低危人群剖宫产率", "decrease")]),
    ("扩大失业保险覆盖面。", [("失业保险覆盖面", "increase")]),
    ("提高残疾儿童康复救助标准。", [("残疾儿童康复救助标准", "increase")]),
    ("维持较高的疫苗接种率。", [("较高的疫苗接种率", "maintain")]),
    # the verb may stand after a clause-opening verb
    ("督促用人单位为女职工缴纳保险提高女职工参保率。", [("女职工参保率", "increase")]),
])
def test_verb_before_quantity(text, expected):
    assert directions(text) == expected


# --- direction: maintain ----------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("出生人口性别比趋于正常。", [("出生人口性别比", "maintain")]),
    ("职业院校在校生中男女比例保持均衡。", [("职业院校在校生中男女比例", "maintain")]),
    ("保持研究生中男女比例的均衡。", [("研究生中男女比例", "maintain")]),
    ("各学科专业的性别结构趋于平衡。", [("各学科专业的性别结构", "maintain")]),
    ("村务监督委员会中女性保持合理比例。", [("村务监督委员会中女性比例", "maintain")]),
    ("新任职干部中女干部比例不降低。", [("新任职干部中女干部比例", "maintain")]),
])
def test_maintain(text, expected):
    assert directions(text) == expected


# --- what is no target -------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "加强妇女思想政治教育。",              # an aim without a quantity
    "健全儿童健康服务体系。",
    "儿童健康水平不断提高。",              # 健康水平 is no quantity noun
    "妇女社会保障水平持续提高。",
    "提高服务质量和管理能力。",
    "减少非意愿妊娠。",                    # an event without a quantity noun
    "基本消除适龄儿童失学辍学。",
    "促进农村妇女增收致富。",              # contracted verb
    "做到应保尽保。",                      # idiom
    "健全覆盖城乡的出生缺陷防治体系。",    # 健全覆盖 is no 全覆盖
    "优化妇女就业结构。",                  # structure without balance
    "提高妇女营养知识素养。",              # 素养 without 水平
    "扎实开展0-6岁儿童健康管理工作。",      # a range in a name, a count verb without a count
    "儿童发展水平与经济社会发展相适应。",    # 相适应 with something that is no quantity
    # numbers that are names, not values
    "开通12355青少年服务台，设立12338热线。",
    "落实三孩生育政策及配套支持措施。",
    "开展“三八”红旗手评选。",
    "实施“十四五”规划第2次中期评估。",
    "依法保障0-3岁婴幼儿照护服务。",
])
def test_no_target(text):
    assert targets(text) == []


# --- levels that are rates or amounts ---------------------------------------------------
@pytest.mark.parametrize("text, indicator", [
    ("提升老年妇女健康素养水平。", "老年妇女健康素养水平"),
    ("巩固提高学前教育普及水平。", "学前教育普及水平"),
    ("提高随迁子女义务教育巩固水平。", "随迁子女义务教育巩固水平"),
    ("逐步提高城乡低保对象待遇水平。", "城乡低保对象待遇水平"),
    ("提高乡村医生薪酬待遇。", "乡村医生薪酬待遇"),
])
def test_levels_that_are_amounts(text, indicator):
    assert directions(text) == [(indicator, "increase")]


# --- cleaning the name ----------------------------------------------------------------------
@pytest.mark.parametrize("text, indicator", [
    ("3.女性科技人员比例逐步提高。", "女性科技人员比例"),           # item numbering
    ("（二）农村妇女参保率稳步提高。", "农村妇女参保率"),
    ("换届调整时确保女委员比例不降低。", "女委员比例"),              # inner opening verb
    ("提高老年人健康水平和平均预期寿命。", "平均预期寿命"),          # 水平和: a dropped part
    ("提高灵活就业人员特别是快递员的参保率。", "灵活就业人员的参保率"),  # an aside
    ("增加阅读、游戏、户外活动等时间。", "阅读、游戏、户外活动等时间"),  # 等 before the head
    # the object of a trend verb goes on after a comma
    ("提高各级人大、政协机关，企事业单位和社会组织中的女性比例。", "企事业单位和社会组织中的女性比例"),
])
def test_name_cleaning(text, indicator):
    assert [t["indicator"] for t in targets(text)] == [indicator]


# --- full coverage ------------------------------------------------------------------------
@pytest.mark.parametrize("text, indicator", [
    ("乡镇妇女之家实现全覆盖。", "乡镇妇女之家覆盖率"),
    ("推进社区儿童友好空间全覆盖。", "社区儿童友好空间覆盖率"),
])
def test_full_coverage(text, indicator):
    (t,) = targets(text)
    assert (t["indicator"], t["op"], t["value"], t["unit"]) == (indicator, ">=", 100, "%")


# --- comparisons ----------------------------------------------------------------------------
@pytest.mark.parametrize("text, indicator, op, reference", [
    ("妇女代表大会中基层代表比例不低于上届基层代表比例。", "妇女代表大会中基层代表比例", ">=", "上届基层代表比例"),
    ("工会委员会中女性比例与会员中女性比例相适应。", "工会委员会中女性比例", "~", "会员中女性比例"),
])
def test_comparison(text, indicator, op, reference):
    (t,) = targets(text)
    assert (t["kind"], t["indicator"], t["op"], t["reference"]) == ("comparison", indicator, op, reference)


# --- dedupe -----------------------------------------------------------------------------------
def test_vaguer_target_on_a_targeted_indicator_is_dropped():
    found = targets("宫颈癌筛查率不断提高，力争突破60%。")
    assert found == [{"indicator": "宫颈癌筛查率", "kind": "threshold", "op": ">", "value": 60,
                      "unit": "%", "note": "力争"}]


def test_same_target_twice_is_written_once():
    assert len(targets("提高产后访视率。加强随访，提高产后访视率。")) == 1


# --- evidence ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, evidence", [
    ("加强宣传，提高产后访视率。", "提高产后访视率"),
    ("加强宣传，产后访视率明显提高。", "产后访视率明显提高"),
])
def test_trend_evidence(text, evidence):
    (f,) = find_targets(text)
    assert text[f.start:f.end] == evidence


def test_offsets_point_at_the_evidence():
    text = "加强保健。产前筛查率达到85%以上。"
    (f,) = find_targets(text)
    assert "产前筛查率达到85%以上" in text[f.start:f.end]


# --- table rows --------------------------------------------------------------------------------
@pytest.mark.parametrize("indicator_cell, target_cell, expected", [
    ("新生儿死亡率(‰)", "<3", [{"indicator": "新生儿死亡率", "kind": "threshold", "op": "<", "value": 3, "unit": "‰"}]),
    ("住院分娩率(%)", "≥99", [{"indicator": "住院分娩率", "kind": "threshold", "op": ">=", "value": 99, "unit": "%"}]),
    ("产前检查率(%)", "≥９６", [{"indicator": "产前检查率", "kind": "threshold", "op": ">=", "value": 96, "unit": "%"}]),
    ("产前检查率(%)", "96", [{"indicator": "产前检查率", "kind": "threshold", "op": ">=", "value": 96, "unit": "%"}]),
    ("儿童伤害死亡率(1/10万)", "≤6.5", [{"indicator": "儿童伤害死亡率", "kind": "threshold", "op": "<=", "value": 6.5,
                                        "unit": "1/10万"}]),
    ("儿童平均预期寿命(岁)", "延长", [{"indicator": "儿童平均预期寿命", "kind": "direction", "direction": "increase"}]),
    ("每万人口社会工作者数(人)", "保持", [{"indicator": "每万人口社会工作者数", "kind": "direction", "direction": "maintain"}]),
    ("未成年人受侵害案件比例(%)", "逐年降低", [{"indicator": "未成年人受侵害案件比例", "kind": "direction",
                                            "direction": "decrease", "note": "逐年"}]),
    ("女性管理人员比例(%)", "相适应", []),
    ("儿童之家覆盖率(%)", "全覆盖", [{"indicator": "儿童之家覆盖率", "kind": "threshold", "op": ">=", "value": 100,
                                  "unit": "%", "note": "全覆盖"}]),
    ("女性就业比例(%)", "较2020年提高2个百分点", [{"indicator": "女性就业比例", "kind": "change", "value": 2,
                                              "unit": "百分点", "direction": "increase", "base_year": 2020}]),
    ("托育机构数(所)", "3所以上", [{"indicator": "托育机构数", "kind": "threshold", "op": ">=", "value": 3, "unit": "所"}]),
    ("农村自来水普及率（%）", "95%以上", [{"indicator": "农村自来水普及率", "kind": "threshold", "op": ">=", "value": 95,
                                       "unit": "%"}]),
    ("产床与助产士比例", "≥1:3", [{"indicator": "产床与助产士比例", "kind": "threshold", "op": ">=", "value": "1:3",
                                "unit": "ratio"}]),
    ("女性管理人员比例(%)", "-", []),
])
def test_table_row(indicator_cell, target_cell, expected):
    assert [f.target for f in parse_table_row(indicator_cell, target_cell)] == expected


def test_table_row_with_conditions():
    found = parse_table_row("乡镇党委班子中配有女干部的比例(%)", "换届时达到100%，其余年份保持在90%以上")
    assert [(f.target["value"], f.target["note"]) for f in found] == [(100, "换届时"), (90, "其余年份")]
    assert found[1].start > 0


def test_a_rate_after_a_typo_verb_is_read_and_flagged():
    found = find_targets("提供农村学校饮水普及率和达标率。")
    assert [(f.target["indicator"], f.target["direction"]) for f in found] == [
        ("农村学校饮水普及率", "increase"), ("农村学校饮水达标率", "increase")]
    assert all(f.review for f in found)


def test_typo_verb_without_a_rate_is_nothing():
    assert targets("为儿童提供安全的饮水。") == []
