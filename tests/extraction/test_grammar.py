"""The target grammar (lianggang.extraction.grammar), one table per construction.

Example sentences are written from the grammar, not copied from any plan: the
indicator nouns and numbers vary on purpose.
"""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianggang.extraction.grammar import find_targets


def targets(text, **kw):
    return [f.target for f in find_targets(text, **kw)]


def one(text, **kw):
    found = targets(text, **kw)
    assert len(found) == 1, found
    return found[0]


# --- thresholds: the op table --------------------------------------------------
@pytest.mark.parametrize("text, op, value, unit", [
    # 以上 / 不低于 / 至少 / 达到 alone / 提高到 → >=
    ("城镇职工生育保险参保率达到92%以上。", ">=", 92, "%"),
    ("农村适龄妇女乳腺癌筛查率不低于65%。", ">=", 65, "%"),
    ("产后访视率至少达到88%。", ">=", 88, "%"),
    ("婚前医学检查率达到80%。", ">=", 80, "%"),
    ("学前教育毛入园率提高到93%。", ">=", 93, "%"),
    ("女性平均受教育年限提高到11.5年。", ">=", 11.5, "年"),
    # 以下 / 以内 / 不超过 / 控制在 / 降至 / 下降到 → <=
    ("孕产妇死亡率下降到9/10万以下。", "<=", 9, "1/10万"),
    ("低出生体重发生率控制在4%以内。", "<=", 4, "%"),
    ("婴儿死亡率降至4.5‰。", "<=", 4.5, "‰"),
    ("剖宫产率不超过35%。", "<=", 35, "%"),
    ("儿童贫血患病率控制在8%以下。", "<=", 8, "%"),
    ("龋患率控制20%以内。", "<=", 20, "%"),
    # 超过 / 突破 / 高于 → >;  低于 / 不足 → <
    ("城镇新增就业人员中女性比例超过45%。", ">", 45, "%"),
    ("高中阶段毛入学率突破97%。", ">", 97, "%"),
    ("新生儿破伤风发病率低于1‰。", "<", 1, "‰"),
    # 左右 → ~ ; 为 → =
    ("女性从业人员比例保持在46%左右。", "~", 46, "%"),
    ("社区居委会成员中女性比例达到50%左右。", "~", 50, "%"),
    ("村级妇联执委中妇女比例为100%。", "=", 100, "%"),
    # 稳定在 X 以上 is a threshold, not maintain
    ("失业保险参保率稳定在90%以上。", ">=", 90, "%"),
    # chained ops: 并 — the last one counts; 或 — either, so the inclusive one
    ("学前教育毛入园率达到并保持在91%以上。", ">=", 91, "%"),
    ("女性参训比例达到或超过50%。", ">=", 50, "%"),
    # ASCII and full-width signs
    ("儿童伤害死亡率≤6/10万。", "<=", 6, "1/10万"),
    ("健康教育开课率达到１００％。", ">=", 100, "%"),
    ("孕产妇死亡率控制在９．５／10万以下。", "<=", 9.5, "1/10万"),
])
def test_threshold_ops(text, op, value, unit):
    t = one(text)
    assert (t["kind"], t["op"], t["value"], t["unit"]) == ("threshold", op, value, unit)


@pytest.mark.parametrize("text, indicator", [
    # the subject before the op names the indicator; opening verbs are dropped
    ("提高并确保城镇职工生育保险参保率达到92%以上。", "城镇职工生育保险参保率"),
    ("到2030年，妇女常见病筛查率达到85%以上。", "妇女常见病筛查率"),
    # hedges between subject and op are no part of the name
    ("女性劳动模范比例力争达到30%以上。", "女性劳动模范比例"),
    ("两类机构覆盖率均达到95%以上。", "两类机构覆盖率"),
    # a starting value is no part of the name
    ("产后访视率由2020年的85%提高到92%。", "产后访视率"),
    ("高中阶段毛入学率达到并保持在92%以上。", "高中阶段毛入学率"),
    # a one-character hedge that ends a word stays
    ("学生营养餐供应达到100%。", "学生营养餐供应"),
])
def test_threshold_indicator(text, indicator):
    assert one(text)["indicator"] == indicator


def test_hedge_becomes_a_note():
    assert one("女性劳动模范比例力争达到30%以上。")["note"] == "力争"


# --- numbers: Chinese numerals, fractions, ratios ------------------------------
@pytest.mark.parametrize("text, indicator, value, unit", [
    ("每个街道至少配备一名专职社会工作者。", "每个街道专职社会工作者数", 1, "名"),
    ("每个县至少建设两所标准化托育机构。", "每个县标准化托育机构数", 2, "所"),
    ("每个乡镇至少有一家妇女儿童服务站。", "每个乡镇妇女儿童服务站数", 1, "家"),
    ("女性代表应占代表总数的三分之一以上。", "女性代表占代表总数的比例", 33.33, "%"),
    ("每千人口拥有托位数达到4.5个。", "每千人口拥有托位数", 4.5, "个"),
    ("每千名儿童拥有儿科医师达到0.9名。", "每千名儿童拥有儿科医师数", 0.9, "名"),
])
def test_counts_and_fractions(text, indicator, value, unit):
    t = one(text)
    assert (t["indicator"], t["op"], t["value"], t["unit"]) == (indicator, ">=", value, unit)


@pytest.mark.parametrize("text, value", [
    ("各医院护士与床位的比例不低于1:2。", "1:2"),
    ("病房护士与床位数比例不低于1：0.4。", "1:0.4"),
])
def test_ratio_stays_a_string(text, value):
    t = one(text)
    assert (t["op"], t["value"], t["unit"]) == (">=", value, "ratio")


# --- one target or several ------------------------------------------------------
@pytest.mark.parametrize("text, indicators", [
    # several modifiers of one head noun: one target
    ("孕妇梅毒、乙肝和艾滋病筛查率达到97%以上。", ["孕妇梅毒、乙肝和艾滋病筛查率"]),
    # several head nouns sharing one value (均): one target each
    ("产前筛查率和新生儿听力筛查率均达到90%以上。", ["产前筛查率", "新生儿听力筛查率"]),
    # 分别 distributes values over heads
    ("早产儿、低体重儿和6岁以下儿童死亡率分别降至2.5‰、3.5‰和5.5‰以下。",
     ["早产儿死亡率", "低体重儿死亡率", "6岁以下儿童死亡率"]),
    ("城市和农村学生肥胖率分别控制在12%、15%以下。", ["城市学生肥胖率", "农村学生肥胖率"]),
    ("城镇、乡村孕产妇住院分娩率分别达到99%、97%以上。", ["城镇孕产妇住院分娩率", "乡村孕产妇住院分娩率"]),
    # values without separators
    ("贫血率和低体重率分别控制在9%6%以下。", ["贫血率", "低体重率"]),
    # several clauses without punctuation between them
    ("初中生近视率降至55%以下高中生近视率降至68%以下。", ["初中生近视率", "高中生近视率"]),
])
def test_one_or_several(text, indicators):
    assert [t["indicator"] for t in targets(text)] == indicators


def test_distributed_values_keep_their_order_and_units():
    found = targets("甲、乙和丙类学校达标率分别达到60%、70%和80%以上。")
    assert [(t["value"], t["unit"], t["op"]) for t in found] == [(60, "%", ">="), (70, "%", ">="), (80, "%", ">=")]


def test_damaged_distribution_is_read_and_flagged():
    found = find_targets("新生儿、婴儿和5岁以下儿童死亡率分别降至2.54.05.5以下。")
    assert [(f.target["value"], f.target["unit"]) for f in found] == [(2.5, "‰"), (4.0, "‰"), (5.5, "‰")]
    assert all(f.review for f in found)


def test_ages_inside_a_name_are_no_values():
    t = one("3岁以下儿童发育迟缓率控制在5%以下。")
    assert (t["indicator"], t["value"]) == ("3岁以下儿童发育迟缓率", 5)


# --- changes ----------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("儿童溺水死亡率以2020年为基数下降15%。",
     {"indicator": "儿童溺水死亡率", "kind": "change", "direction": "decrease", "value": 15, "unit": "%",
      "base_year": 2020}),
    ("儿童道路交通伤害死亡率以2019年数据为基数下降10%。",
     {"indicator": "儿童道路交通伤害死亡率", "kind": "change", "direction": "decrease", "value": 10,
      "unit": "%", "base_year": 2019}),
    ("学生近视率每年降低1个百分点以上。",
     {"indicator": "学生近视率", "kind": "change", "op": ">=", "direction": "decrease", "value": 1,
      "unit": "百分点", "per_year": True}),
    ("女性就业率比2020年提高2个百分点。",
     {"indicator": "女性就业率", "kind": "change", "direction": "increase", "value": 2, "unit": "百分点",
      "base_year": 2020}),
])
def test_changes(text, expected):
    assert one(text) == expected


# --- years ------------------------------------------------------------------------
def test_year_other_than_the_plan_end_is_kept():
    t = one("到2025年，儿童健康管理率达到92%以上。", plan_end_year=2030)
    assert t["year"] == 2025


def test_year_in_the_same_clause():
    assert one("到2025年孕产妇系统管理率达到92%以上。", plan_end_year=2030)["year"] == 2025


@pytest.mark.parametrize("text", [
    "乡镇卫生院标准化建设达标率力争在2025年前达到95%。",
    "乡镇卫生院标准化建设达标率2025年底达到95%。",
])
def test_year_before_the_op(text):
    t = one(text, plan_end_year=2030)
    assert (t["indicator"], t["year"]) == ("乡镇卫生院标准化建设达标率", 2025)


def test_base_year_is_no_target_year():
    assert "year" not in one("儿童溺水死亡率以2020年为基数下降15%。", plan_end_year=2030)


def test_year_equal_to_the_plan_end_is_left_out():
    assert "year" not in one("到2030年，儿童健康管理率达到92%以上。", plan_end_year=2030)


def test_year_is_no_value():
    assert targets("2025年起实施。") == []



# --- more ways to write a value ------------------------------------------------------
@pytest.mark.parametrize("text, op, value, unit", [
    ("女性委员比例达到1/3以上。", ">=", 33.33, "%"),
    ("新生儿听力筛查率达到百分之九十五。", ">=", 95, "%"),
    ("新生儿窒息死亡率控制在千分之二以下。", "<=", 2, "‰"),
    ("妇女平均预期寿命达到82岁。", ">=", 82, "岁"),
    ("每千人口拥有3岁以下婴幼儿托位数达到4.5个。", ">=", 4.5, "个"),
    ("农村妇女参保率在95%以上。", ">=", 95, "%"),
    ("保持新生儿疾病筛查率在96%以上。", ">=", 96, "%"),
])
def test_more_values(text, op, value, unit):
    t = one(text)
    assert (t["op"], t["value"], t["unit"]) == (op, value, unit)


def test_sub_population_completes_from_the_sentence():
    found = targets("住院分娩率达到99%，其中农村达到98%。")
    assert [(t["indicator"], t["value"]) for t in found] == [("住院分娩率", 99), ("农村住院分娩率", 98)]


def test_share_of_units():
    found = targets("90%以上的城市社区和75%以上的农村社区建立儿童之家。")
    assert [(t["indicator"], t["value"]) for t in found] == [
        ("建立儿童之家的城市社区比例", 90), ("建立儿童之家的农村社区比例", 75)]


def test_share_of_a_whole():
    t = one("全市普惠性托位达到总托位的70%以上。")
    assert (t["indicator"], t["op"], t["value"]) == ("普惠性托位占总托位的比例", ">=", 70)


@pytest.mark.parametrize("text, reference, op", [
    ("孕产妇系统管理率高于全省平均水平。", "全省平均水平", ">"),
    ("农村妇女参保率达到全市平均水平。", "全市平均水平", ">="),
    ("城乡居民医保中儿童参保率与全国平均水平持平。", "全国平均水平", "~"),
])
def test_comparison_with_a_level(text, reference, op):
    t = one(text)
    assert (t["kind"], t["reference"], t["op"]) == ("comparison", reference, op)


@pytest.mark.parametrize("text, expected", [
    # indicator first, sub-populations after it, the second borrowing the first's indicator
    ("儿童之家覆盖率城市社区达到95%，农村社区达到85%。",
     [("城市社区儿童之家覆盖率", 95), ("农村社区儿童之家覆盖率", 85)]),
    ("产前检查率城镇达到98%、乡村达到95%。", [("城镇产前检查率", 98), ("乡村产前检查率", 95)]),
])
def test_sub_populations_after_the_indicator(text, expected):
    assert [(t["indicator"], t["value"]) for t in targets(text)] == expected


@pytest.mark.parametrize("text, indicator, value, unit", [
    # after 至少 any two-character verb may stand before the count
    ("每个县至少健全一所妇幼保健院。", "每个县妇幼保健院数", 1, "所"),
    # an action counted in 次 runs to the end of the clause
    ("每季度至少1次对辖区托育机构进行安全检查。", "每季度对辖区托育机构进行安全检查次数", 1, "次"),
])
def test_counted_nouns_after_the_value(text, indicator, value, unit):
    t = one(text)
    assert (t["indicator"], t["value"], t["unit"]) == (indicator, value, unit)


def test_two_counts_in_one_clause():
    found = targets("每年至少组织3次亲子阅读和2次安全演练。")
    assert [(t["indicator"], t["value"]) for t in found] == [
        ("每年组织亲子阅读次数", 3), ("每年组织安全演练次数", 2)]


def test_a_list_of_acts_gives_one_rate_each():
    found = targets("各幼儿园设立保健室、配备专职保健医生均达到100%。")
    assert [(t["indicator"], t["value"]) for t in found] == [
        ("各幼儿园保健室设立率", 100), ("各幼儿园专职保健医生配备率", 100)]


def test_coverage_of_places_names_what_covers_them():
    (t,) = targets("推进妇女儿童活动中心建设，实现各乡镇全覆盖。")
    assert t["indicator"] == "乡镇妇女儿童活动中心覆盖率"


def test_conditions_become_notes():
    found = targets("乡镇党委班子中女干部比例换届后当年达到100%，平时保持在85%以上。")
    assert [(t["indicator"], t["value"], t["note"]) for t in found] == [
        ("乡镇党委班子中女干部比例", 100, "换届后当年"), ("乡镇党委班子中女干部比例", 85, "平时")]


@pytest.mark.parametrize("text", [
    "适龄儿童免疫规划疫苗接种率以区县为单位保持在95%以上。",
    "适龄儿童免疫规划疫苗接种率以乡(镇、街道)为单位保持在95%以上。",
])
def test_unit_of_account_becomes_a_note(text):
    f, = find_targets(text)
    assert f.target["indicator"] == "适龄儿童免疫规划疫苗接种率"
    assert f.target["note"].startswith("以") and not f.review


def test_damaged_age_in_a_name_is_flagged():
    (f,) = find_targets("3以下儿童贫血率控制在8%以下。")
    assert f.target["value"] == 8 and f.review


def test_bare_head_borrows_the_sentence_modifiers():
    found = targets("学生体质健康达标率达到93%，优良率达到55%以上。")
    assert [t["indicator"] for t in found] == ["学生体质健康达标率", "学生体质健康优良率"]


@pytest.mark.parametrize("text, indicator", [
    ("所有乡镇卫生院实现预约挂号。", "实现预约挂号的乡镇卫生院比例"),
    ("全部中小学建立心理辅导室。", "建立心理辅导室的中小学比例"),
])
def test_all_units(text, indicator):
    t = one(text)
    assert (t["indicator"], t["op"], t["value"], t["unit"]) == (indicator, ">=", 100, "%")


def test_all_units_with_a_count_is_a_count():
    t = one("所有乡镇至少配备1名儿童主任。")
    assert (t["value"], t["unit"]) == (1, "名")


def test_a_name_without_a_quantity_noun_is_flagged():
    (f,) = find_targets("平时保持在85%以上。")
    assert f.review


# --- any text ------------------------------------------------------------------------
_PLAN_CHARS = st.sampled_from(list("率比例达到以上以下左右提高降低保持在分别和、，。；0123456789.%‰/万:：一两三名所个次"
                                   "全覆盖不低于与相适应占的基数年每天小时城乡差距缩小（）()“”等及"))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PLAN_CHARS, max_size=80).map("".join))
def test_any_text_gives_named_targets_with_offsets_inside_it(text):
    for f in find_targets(text, plan_end_year=2030):
        assert 0 <= f.start <= f.end <= len(text)
        assert f.target["indicator"] and f.target["kind"] in ("threshold", "change", "comparison", "direction")


# --- issue 18: constructions of older and other plans -------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # a fraction of the base is a change in % (基础 as well as 基数)
    ("孕产妇死亡率以2000年为基础下降1/4。", [("孕产妇死亡率", "decrease", 25, "%", 2000)]),
    ("贫血患病率以2010年为基数降低三分之一。", [("贫血患病率", "decrease", 33.33, "%", 2010)]),
    # 分别 with one value: each part of the subject changes by it; with several: one each
    ("婴儿和5岁以下儿童死亡率以2000年为基数分别下降1/5。",
     [("婴儿死亡率", "decrease", 20, "%", 2000), ("5岁以下儿童死亡率", "decrease", 20, "%", 2000)]),
    ("新生儿和婴儿死亡率以2000年为基础分别下降1/6和1/4。",
     [("新生儿死亡率", "decrease", 16.67, "%", 2000), ("婴儿死亡率", "decrease", 25, "%", 2000)]),
])
def test_changes_by_a_fraction(text, expected):
    assert [(t["indicator"], t["direction"], t["value"], t["unit"], t.get("base_year")) for t in targets(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("孕产妇死亡率降至3/万以下。", ("孕产妇死亡率", "<=", 3, "1/万")),          # per 10,000 is no ‰
    ("出生缺陷发生率控制在120/万以内。", ("出生缺陷发生率", "<=", 120, "1/万")),
    ("儿童之家覆盖率达到九成以上。", ("儿童之家覆盖率", ">=", 90, "%")),         # tenths
    ("参保率达到八成半。", ("参保率", ">=", 85, "%")),
    ("妇女从业人员保持在总从业人员的40%以上。", ("妇女从业人员占总从业人员的比例", ">=", 40, "%")),
    ("农村妇女全部参加城乡居民医疗保险。", ("参加城乡居民医疗保险的农村妇女比例", ">=", 100, "%")),
    ("九成以上的村卫生室开展妇女健康教育。", ("开展妇女健康教育的村卫生室比例", ">=", 90, "%")),
])
def test_units_tenths_shares_and_all(text, expected):
    t = one(text)
    assert (t["indicator"], t["op"], t["value"], t["unit"]) == expected


@pytest.mark.parametrize("text", ["坚持一成不变的原则。", "建成一批示范学校。"])
def test_cheng_that_is_no_number(text):
    assert targets(text) == []


@pytest.mark.parametrize("text, expected", [
    # a gap shared by a list is one quantity, not its first part falling
    ("缩小男女就业率和收入差距。", [("男女就业率和收入差距", "decrease")]),
    ("缩小城乡儿童入学率、巩固率差距。", [("城乡儿童入学率、巩固率差距", "decrease")]),
    # 面积 names no quantity (plan-format.md's quantity nouns)
    ("人均公园绿地面积不断增加。", []),
    # a rising trend held back is a decrease, the wording in the note
    ("儿童超重和肥胖率升高趋势得到遏制。", [("儿童超重和肥胖率", "decrease")]),
])
def test_gaps_areas_and_trends(text, expected):
    assert [(t["indicator"], t["direction"]) for t in targets(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a target year inside the subject is no part of the name; a bare sub-population takes the indicator
    ("婚前医学检查率到2005年城市达到80%，农村达到60%。",
     [("城市婚前医学检查率", 80, 2005), ("农村婚前医学检查率", 60, 2005)]),
    ("孕产妇住院分娩率城市达到98%以上。农村达到90%以上。",
     [("城市孕产妇住院分娩率", 98, None), ("农村孕产妇住院分娩率", 90, None)]),
    # two year-values for one indicator: the second sentence names none
    ("住院分娩率到2005年要达到60%；到2010年要达到80%。", [("住院分娩率", 60, 2005), ("住院分娩率", 80, None)]),
])
def test_names_without_neighbouring_words(text, expected):
    assert [(t["indicator"], t["value"], t.get("year")) for t in targets(text, plan_end_year=2010)] == expected


@pytest.mark.parametrize("text, values, flagged", [
    # ‰ lost as %。 in a list, or before its op word: read as ‰ and flagged
    ("新生儿、婴儿和5岁以下儿童死亡率分别降至3%。5%。6.0%。以下。", [(3, "‰"), (5, "‰"), (6.0, "‰")], True),
    ("婴儿死亡率降至8%。以下。", [(8, "‰")], True),
    # a sentence that ends in % and one that starts with a number are no damage
    ("儿童低体重率降低到5%。5岁以下儿童生长迟缓率降低到7%。", [(5, "%"), (7, "%")], False),
])
def test_a_lost_per_mille_sign(text, values, flagged):
    found = find_targets(text)
    assert [(f.target["value"], f.target["unit"]) for f in found] == values
    assert all(("‰" in (f.review or "")) == flagged for f in found)
