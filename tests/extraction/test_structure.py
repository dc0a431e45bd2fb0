"""Plan structure from the layout of Chinese plan documents: one table per construction.

The documents are small and synthetic, written from the layout rules (headings,
numbering, sections, tables, furniture), not copied from any plan.
"""
from __future__ import annotations

import pytest

from lianggang.extraction import ExtractionError, extract_text

GOALS = "主要目标：\n1.孕产妇死亡率控制在15/10万以下。\n2.妇女常见病筛查率达到80%以上。\n"


def plans(text: str) -> list[dict]:
    return extract_text(text, "t.txt").document["plans"]


def codes(plan: dict, section: str = "goals") -> list[str]:
    return [item["code"] for d in plan["domains"] for item in d[section]]


# --- domain headings: every numbering style, the name without numbering and punctuation
@pytest.mark.parametrize("heading, name", [
    ("（一）妇女与健康", "妇女与健康"),
    ("(一)妇女与健康", "妇女与健康"),
    ("（一）妇女与健康。", "妇女与健康"),
    ("(一)妇女参与决策管理。", "妇女参与决策管理"),
    ("一、妇女与健康", "妇女与健康"),
    ("第一章 妇女与健康", "妇女与健康"),
    ("妇女与健康", "妇女与健康"),              # unnumbered, followed by 主要目标
    ("（一） 儿童与法律保护", "儿童与法律保护"),
    ("1.妇女与健康", "妇女与健康"),             # arabic numbering, when the whole line names a domain
    ("（一）妇女参政议政", "妇女参政议政"),      # any short heading that 主要目标 follows
    ("（一）健康\n责任单位：卫健委、妇联", "健康"),
    ("领域一：妇女与健康", "妇女与健康"),
    ("（一）妇女与健康（责任单位：卫健委）", "妇女与健康"),
])
def test_domain_heading_styles(heading, name):
    [plan] = plans(f"{heading}\n{GOALS}")
    assert [d["name"] for d in plan["domains"]] == [name]
    assert codes(plan) == ["1.1", "1.2"]


# --- a domain's code: its ordinal, or its own numeral in a fragment
@pytest.mark.parametrize("text, expected", [
    ("（四）妇女参与决策和管理\n" + GOALS, [("4", "妇女参与决策和管理")]),
    ("（二）妇女与教育\n" + GOALS + "（三）妇女与经济\n" + GOALS, [("2", "妇女与教育"), ("3", "妇女与经济")]),
    # chapters before the first domain at the same level are no domains
    ("第一章 指导思想\n坚持男女平等。\n第二章 妇女与健康\n" + GOALS + "第三章 妇女与教育\n" + GOALS,
     [("1", "妇女与健康"), ("2", "妇女与教育")]),
    # an unnumbered domain heading between numbered ones takes the next ordinal
    ("（一）妇女与健康\n" + GOALS + "妇女与教育\n" + GOALS + "（三）妇女与经济\n" + GOALS,
     [("1", "妇女与健康"), ("2", "妇女与教育"), ("3", "妇女与经济")]),
    # the part that holds the domains comes after a part with （一）（二） of its own
    ("一、总体要求\n（一）指导思想\n坚持。\n（二）总体目标\n发展。\n二、发展领域\n（一）儿童与健康\n" + GOALS,
     [("1", "儿童与健康")]),
])
def test_domain_codes(text, expected):
    [plan] = plans(text)
    assert [(d["code"], d["name"]) for d in plan["domains"]] == expected


# --- goals and measures: numbering styles and codes
@pytest.mark.parametrize("numbering", ["{n}.", "{n}、", "（{n}）", "({n})", "{n}．"])
def test_goal_numbering_styles(numbering):
    lines = "\n".join(numbering.format(n=n) + f"女性比例达到{n}0%以上。" for n in (1, 2, 3))
    [plan] = plans(f"（一）妇女与经济\n主要目标：\n{lines}\n")
    assert codes(plan) == ["1.1", "1.2", "1.3"]
    assert plan["domains"][0]["goals"][0]["text"] == "女性比例达到10%以上。"


def test_measures_have_codes_titles_and_their_own_targets():
    text = "（一）妇女与健康\n" + GOALS + "策略措施：\n1.完善制度机制。加强领导。\n2.保障孕产妇安全分娩。住院分娩率达到99%以上。\n"
    [plan] = plans(text)
    measures = plan["domains"][0]["measures"]
    assert [(m["code"], m["title"], m["text"]) for m in measures] == [
        ("1.M1", "完善制度机制", "加强领导。"), ("1.M2", "保障孕产妇安全分娩", "住院分娩率达到99%以上。")]


def test_a_part_of_tasks_and_measures_holds_measures_without_a_heading():
    text = "二、发展领域的主要任务与措施\n（一）妇女与健康。\n1.提升服务能力。筛查率达到80%以上。\n三、组织实施\n（一）加强领导。\n"
    [plan] = plans(text)
    assert codes(plan, "measures") == ["1.M1"] and codes(plan) == []


@pytest.mark.parametrize("line", [
    "（1）城镇达到85%以上。",      # a sub-item under 1.
    "——城镇达到85%以上；",        # a dash sub-item of older plans
    "其中城镇达到85%以上。",        # a continuation paragraph
])
def test_sub_items_and_continuations_stay_in_their_goal(line):
    [plan] = plans(f"（一）妇女与健康\n主要目标：\n1.筛查率达到80%以上。\n{line}\n2.死亡率下降。\n")
    goals = plan["domains"][0]["goals"]
    assert [g["code"] for g in goals] == ["1.1", "1.2"]
    assert "城镇达到85%以上" in goals[0]["text"] and not goals[0]["text"].startswith("—")


def test_a_goal_whose_text_starts_with_a_decimal_is_told_by_the_running_number():
    text = "（一）儿童与健康\n主要目标：\n4.婴儿死亡率下降。\n5.6个月内婴儿纯母乳喂养率达到50%以上。\n6.5岁以下儿童贫血率控制在10%以下。\n"
    [plan] = plans(text)
    assert codes(plan) == ["1.4", "1.5", "1.6"]


def test_a_slip_of_numbering_punctuation_keeps_the_sequence():
    text = "（一）儿童与环境\n主要目标：\n1.甲比例提高。\n2、乙比例提高。\n3.丙比例提高。\n"
    assert codes(plans(text)[0]) == ["1.1", "1.2", "1.3"]


@pytest.mark.parametrize("between", [
    "责任单位：卫健委、妇联、统计局",
    "牵头单位：县卫生健康局",
    "卫生局",
    "卫生局、妇联、统计局",
    "（卫生局、妇联）",
    "牵头单位",                       # a goal-responsibility table's column head
    "各乡镇人民政府、县卫健局",
])
def test_responsibility_lines_between_goals_are_no_goal_text(between):
    [plan] = plans(f"（一）妇女与健康\n主要目标：\n1.筛查率达到80%以上。\n{between}\n2.死亡率下降。\n")
    assert plan["domains"][0]["goals"][0]["text"] == "筛查率达到80%以上。"


def test_later_parts_end_the_domains():
    text = "（一）妇女与健康\n" + GOALS + "三、组织实施\n（一）落实主体责任。各级政府负责实施。\n1.经费达到20万元以上。\n"
    [plan] = plans(text)
    assert codes(plan) == ["1.1", "1.2"] and len(plan["domains"]) == 1


# --- several plans in one file
def test_two_titled_plans_in_one_notice():
    text = ("某市人民政府关于印发某市妇女发展规划和某市儿童发展规划的通知\n各区政府：现印发给你们。\n"
            "某市妇女发展规划（2021—2025年）\n（一）妇女与健康\n" + GOALS +
            "某市儿童发展规划（2021—2025年）\n（一）儿童与健康\n" + GOALS)
    found = plans(text)
    assert [(p["subject"], p["title"], p["region"]) for p in found] == [
        ("women", "某市妇女发展规划（2021—2025年）", "某市"), ("children", "某市儿童发展规划（2021—2025年）", "某市")]


def test_a_preface_after_a_plan_starts_the_next_untitled_plan():
    text = ("前言\n区政府制定了《某区妇女发展规划（2011—2020年）》。我区妇女事业发展。\n（一）妇女与健康\n" + GOALS +
            "前言\n我区儿童事业发展。\n（一）儿童与健康\n" + GOALS)
    found = plans(text)
    assert [p["subject"] for p in found] == ["women", "children"]
    assert found[0]["region"] == "某区"


# --- title, region, subject, period
@pytest.mark.parametrize("title, region, subject, period", [
    ("某某县妇女发展纲要（2021—2030年）", "某某县", "women", (2021, 2030)),
    ("某某县儿童发展纲要(2021-2030年)", "某某县", "children", (2021, 2030)),
    ("某市妇女发展“十四五”规划", "某市", "women", (2021, 2025)),
    ("某市儿童发展“十三五”规划", "某市", "children", (2016, 2020)),
    ("昆区妇女发展规划（2021—2030年）", "昆都仑区", "women", (2021, 2030)),   # an official short name
    ("某盟儿童发展纲要\n（2021—2030年）", "某盟", "children", (2021, 2030)),   # period on the next line
    ("某市“十四五”儿童发展规划", "某市", "children", (2021, 2025)),
    ("某县妇女发展规划（2021—2030年）（征求意见稿）", "某县", "women", (2021, 2030)),
    ("某某自治区妇女发展规划（2021—2025年）", "某某自治区", "women", (2021, 2025)),
])
def test_title_region_subject_period(title, region, subject, period):
    [plan] = plans(f"{title}\n（一）{'妇女' if subject == 'women' else '儿童'}与健康\n{GOALS}")
    assert plan["title"].startswith(title.split("\n")[0].split("（")[0].split("(")[0])
    assert (plan["region"], plan["subject"], (plan["period"]["start"], plan["period"]["end"])) == (region, subject, period)


def test_an_untitled_plan_takes_the_latest_period_it_names():
    text = "前言\n上一周期（2011—2020年）已完成。依据《全国妇女发展纲要（2021—2030年）》制定本规划。\n（一）妇女与健康\n" + GOALS
    [plan] = plans(text)
    assert plan["period"] == {"start": 2021, "end": 2030} and plan["subject"] == "women"


def test_an_untitled_plan_without_subject_in_its_domain_names_takes_the_subject_its_text_names():
    text = "前言\n促进儿童优先发展，保障儿童权利。\n（一）健康\n" + GOALS + "（二）教育\n" + GOALS
    [plan] = plans(text)
    assert plan["subject"] == "children" and [d["name"] for d in plan["domains"]] == ["健康", "教育"]


# --- text as web pages and PDF tools give it
def test_page_furniture_is_not_plan_text():
    text = ("您当前的位置：首页 > 政策文件\n字号：[大 中 小] [关闭]\n发布日期：2022-01-01 浏览次数：12\n"
            "（一）妇女与健康\n" + GOALS + "编辑：张三\n")
    [plan] = plans(text)
    assert codes(plan) == ["1.1", "1.2"]


def test_hard_wrapped_pdf_text_is_joined_across_blank_lines_and_page_numbers():
    filler = "".join(f"{n}.妇女就业比例保持在合理水平并且逐步提高，城乡差距进一步缩小。\n" for n in range(3, 40))
    paragraph = ("1.孕产妇系统管理率保持在 90%以上。孕产妇死亡率下\n\n"
                 "降到 12/10万以下，城乡差距缩小。\n\n- 3 -\n\n2.妇女常见病筛查率达到 80%以上。\n")
    wrapped = []
    for line in (paragraph + filler).split("\n"):
        while len(line) > 26:  # a PDF tool's fixed width
            wrapped.append(line[:26])
            line = line[26:]
        wrapped.append(line)
    text = "（一）妇女与健康\n主要目标：\n" + "\n\n".join(wrapped)
    [plan] = plans(text)
    first = plan["domains"][0]["goals"][0]
    assert first["text"] == "孕产妇系统管理率保持在90%以上。孕产妇死亡率下降到12/10万以下，城乡差距缩小。"
    assert codes(plan)[:3] == ["1.1", "1.2", "1.3"]


# --- flattened indicator tables
TABLE = """某市妇女发展“十四五”规划
某市妇女发展“十四五”规划重点指标目标表
领域
序号
主要统计指标
2020年
2025年
妇女与健康
1
孕产妇死亡率(1/10万)
8.5
<7
2
妇女体质合格率(%)
≥95
妇女与
决策管理
3
甲级人大代表中女性比例(%)
24.3
提高
妇女与社会保障
4
生育保险女性参保人数
(万人)
118.01
应保尽保
5
养老保险女性参保人数(万人)
165.74
二、发展领域的主要任务与措施
（一）妇女与健康。
1.提升服务能力。筛查率达到80%以上。
（二）妇女参与决策管理。
1.提高女性比例。
（三）妇女与社会保障。
1.完善保障。
"""


def test_table_rows_become_goals_in_the_domain_they_name():
    [plan] = plans(TABLE)
    placed = {d["name"]: [g["code"] for g in d["goals"]] for d in plan["domains"]}
    assert placed == {"妇女与健康": ["T1", "T2"], "妇女参与决策管理": ["T3"], "妇女与社会保障": ["T4", "T5"]}


def test_table_rows_keep_baselines_and_merged_cells():
    [plan] = plans(TABLE)
    rows = {g["code"]: g for d in plan["domains"] for g in d["goals"]}
    assert rows["T1"]["text"] == "妇女与健康 | 1 | 孕产妇死亡率(1/10万) | 8.5 | <7"
    assert rows["T2"]["text"] == "妇女与健康 | 2 | 妇女体质合格率(%) |  | ≥95"          # no baseline cell
    assert rows["T3"]["text"].startswith("妇女与决策管理 | 3 |")                         # split domain cell
    assert rows["T4"]["text"] == "妇女与社会保障 | 4 | 生育保险女性参保人数(万人) | 118.01 | 应保尽保"
    assert rows["T5"]["text"].endswith("| 165.74 | 应保尽保")                           # merged target cell
    t1 = rows["T1"]["targets"]
    if t1:  # the grammar reads the cell; the baseline is the structure's
        assert t1[0]["baseline"] == {"year": 2020, "value": 8.5} and "review" not in t1[0]


def test_a_target_taken_from_a_merged_cell_is_flagged_for_review():
    text = TABLE.replace("应保尽保", "≥80")
    [plan] = plans(text)
    rows = {g["code"]: g for d in plan["domains"] for g in d["goals"]}
    [shared] = rows["T5"]["targets"]
    assert shared["value"] == 80 and "合并单元格" in shared["review"]
    assert all("review" not in t for t in rows["T4"]["targets"])


# --- bad input
@pytest.mark.parametrize("text, message", [
    ("", "文件为空"),
    ("   \n\n ", "文件为空"),
    ("今天天气很好。我们去公园散步。\n", "未找到"),
    ("本报讯 会议分组讨论：\n（一）妇女与健康\n（二）儿童与教育\n与会代表发言踊跃。\n", "未找到"),
    ("\x00\x01\x02binary", "二进制"),
])
def test_bad_text_raises_one_clear_line(text, message):
    with pytest.raises(ExtractionError) as err:
        extract_text(text, "x.txt")
    assert message in str(err.value) and "\n" not in str(err.value)


def test_a_table_copied_from_word_with_tab_separated_cells():
    text = ("某市妇女发展规划（2021—2025年）\n重点指标表\n领域\t序号\t指标\t2020年\t2025年\n"
            "妇女与健康\t1\t孕产妇死亡率(1/10万)\t8.5\t<7\n\t2\t婚前医学检查率(%)\t90\t>85\n"
            "二、主要任务\n（一）妇女与健康\n1.提升服务能力。\n")
    [plan] = plans(text)
    rows = {g["code"]: g["text"] for d in plan["domains"] for g in d["goals"]}
    assert rows == {"T1": "妇女与健康 | 1 | 孕产妇死亡率(1/10万) | 8.5 | <7",
                    "T2": "妇女与健康 | 2 | 婚前医学检查率(%) | 90 | >85"}


def test_a_running_page_header_with_the_title_neither_splits_the_plan_nor_enters_a_goal():
    text = ("某县妇女发展规划（2021—2030年）\n（一）妇女与健康\n主要目标：\n1.筛查率达到80%以上，\n"
            "某县妇女发展规划（2021—2030年）\n城乡差距缩小。\n（二）妇女与教育\n" + GOALS)
    [plan] = plans(text)
    assert plan["domains"][0]["goals"][0]["text"] == "筛查率达到80%以上，城乡差距缩小。"
    assert [d["name"] for d in plan["domains"]] == ["妇女与健康", "妇女与教育"]


def test_a_responsibility_note_at_the_end_of_a_goal_is_no_goal_text():
    [plan] = plans("（一）妇女与健康\n主要目标：\n1.筛查率达到80%以上。（责任单位：县卫健局、县妇联）\n2.死亡率下降。\n")
    assert plan["domains"][0]["goals"][0]["text"] == "筛查率达到80%以上。"


def test_a_header_like_run_of_lines_that_is_no_table_does_not_swallow_the_plan():
    text = "序号\n指标名称\n1\n2020年\n（一）妇女与健康\n" + GOALS
    [plan] = plans(text)
    assert codes(plan) == ["1.1", "1.2"]


def test_a_structural_heading_before_a_goals_heading_is_no_domain():
    text = "一、总体要求\n（一）基本原则\n（二）主要目标\n妇女全面发展。\n二、发展领域\n（一）妇女与健康\n" + GOALS
    [plan] = plans(text)
    assert [(d["code"], d["name"]) for d in plan["domains"]] == [("1", "妇女与健康")]


def test_goals_and_measures_in_separate_parts_meet_in_one_domain():
    text = ("二、主要目标\n（一）妇女与健康\n1.筛查率达到80%以上。\n（二）妇女与教育\n1.入学率达到99%以上。\n"
            "三、策略措施\n（一）妇女与健康\n1.加强服务。\n（二）妇女与教育\n1.保障入学。\n四、组织实施\n")
    [plan] = plans(text)
    assert [(d["code"], d["name"], [g["code"] for g in d["goals"]], [m["code"] for m in d["measures"]])
            for d in plan["domains"]] == [("1", "妇女与健康", ["1.1"], ["1.M1"]), ("2", "妇女与教育", ["2.1"], ["2.M1"])]


def test_chapters_hold_domains_and_sections_hold_goals_and_measures():
    text = ("第一章 妇女与健康\n第一节 主要目标\n1.筛查率达到80%以上。\n第二节 策略措施\n1.加强服务。\n"
            "第二章 妇女与教育\n第一节 主要目标\n1.入学率达到99%以上。\n第三章 组织实施\n1.加强领导。\n")
    [plan] = plans(text)
    assert [(d["code"], [g["code"] for g in d["goals"]], [m["code"] for m in d["measures"]]) for d in plan["domains"]] \
        == [("1", ["1.1"], ["1.M1"]), ("2", ["2.1"], [])]


# --- text run together on one line (a web copy): headings and item numbers inside a line still count
@pytest.mark.parametrize("text, expected", [
    ("某县妇女发展规划（2021—2025年）\n二、发展领域 (一)妇女与健康。 主要目标: 1.孕产妇死亡率控制在15/10万以下。 "
     "2.妇女常见病筛查率达到80%以上。 策略措施: 1.完善服务体系。 (二)妇女与教育。 主要目标: 1.女性平均受教育年限达到11年。",
     [("妇女与健康", ["1.1", "1.2"], ["1.M1"]), ("妇女与教育", ["2.1"], [])]),
    # no spaces at all, the title on the same line
    ("某县儿童发展纲要（2001—2010年） 一、儿童与健康 主要目标：1.婴儿死亡率控制在15‰以下。2.儿童计划免疫接种率达到95%。"
     "二、儿童与教育 主要目标：1.小学适龄儿童入学率达到99%以上。",
     [("儿童与健康", ["1.1", "1.2"], []), ("儿童与教育", ["2.1"], [])]),
])
def test_headings_and_items_run_onto_one_line(text, expected):
    [plan] = plans(text)
    assert [(d["name"], [g["code"] for g in d["goals"]], [m["code"] for m in d["measures"]])
            for d in plan["domains"]] == expected


@pytest.mark.parametrize("line", [
    "1.孕产妇死亡率控制在15/10万以下，城乡差距缩小。",        # an item at the start of its line
    "婴儿死亡率降至6‰。5岁以下儿童死亡率降至8‰。",             # a sentence that starts with a number
    "提高到11.5年。2.5万人参加培训。",                          # decimals are no item numbers
])
def test_one_sentence_or_one_item_is_not_cut(line):
    from lianggang.extraction.normalise import normalise

    assert normalise(line).text == line


# --- domains that are no 妇女与X: thematic headings, and a continuation page with no heading at all
THEMATIC = """某市妇女发展“十四五”规划
二、基本原则
1.坚持党的全面领导。
三、主要任务
（一）守护健康——全方位保障妇女身心健康
1.孕产妇死亡率控制在8/10万以下。
（二）优化生活--进一步提升妇女的生活质量
1.农村卫生厕所普及率达到95%以上。
（三）加快补齐短板，促进城乡妇女均衡发展
主要目标：
1.农村妇女参保率达到90%。
（四）推动妇女参与社会治理
1.引导妇女积极参与社区治理。
四、组织实施
（一）加强组织领导
1.每年至少召开1次妇儿工委全体会议。
"""


def test_thematic_headings_open_domains_to_be_checked():
    [plan] = plans(THEMATIC)
    assert [d["name"] for d in plan["domains"]] == [
        "守护健康——全方位保障妇女身心健康", "优化生活--进一步提升妇女的生活质量", "加快补齐短板，促进城乡妇女均衡发展"]
    targets = [t for d in plan["domains"] for i in d["goals"] + d["measures"] for t in i["targets"]]
    assert len(targets) == 3 and all("专题标题" in t["review"] for t in targets)


def test_a_continuation_page_puts_its_items_under_an_unnamed_domain_to_be_checked():
    text = "6.产前筛查率达到85%。\n7.人工流产率逐步下降。\n（三）妇女与教育\n主要目标：\n1.女性平均受教育年限达到11.5年。\n"
    [plan] = plans(text)
    assert [(d["code"], d["name"]) for d in plan["domains"]] == [("1", "未标明领域"), ("3", "妇女与教育")]
    first, second = plan["domains"]
    assert [g["code"] for g in first["goals"]] == ["1.6", "1.7"]
    assert all("续页" in t["review"] for g in first["goals"] for t in g["targets"])
    assert not any(t.get("review") for g in second["goals"] for t in g["targets"])


def test_numbered_lines_after_a_heading_that_is_no_domain_stay_outside():
    text = "（一）妇女与健康\n" + GOALS + "三、组织实施\n1.加强组织领导，每年召开2次会议。\n"
    [plan] = plans(text)
    assert [d["name"] for d in plan["domains"]] == ["妇女与健康"]


@pytest.mark.parametrize("label", ["具体目标：", "具体目标", "阶段目标："])
def test_a_second_list_of_goals_goes_on_with_the_codes(label):
    text = f"（一）儿童与健康\n主要目标：\n1.婴儿死亡率降至6‰。\n2.儿童低体重率降低。\n{label}\n1.新生儿访视率达到90%。\n2.儿童贫血患病率控制在10%以下。\n"
    [plan] = plans(text)
    goals = plan["domains"][0]["goals"]
    assert [g["code"] for g in goals] == ["1.1", "1.2", "1.3", "1.4"]
    assert goals[1]["text"] == "儿童低体重率降低。"          # the label is no part of the goal before it
    assert goals[2]["targets"][0]["indicator"] == "新生儿访视率"
