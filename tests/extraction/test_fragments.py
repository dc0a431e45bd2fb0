"""Held-out plan fragments, as offices have them: one per class of issue 18 (traditional script with
romanisation noise, text run onto one line, thematic and missing domain headings, second numbered
lists, constructions, damaged units, polluted names), written for these tests in the style of plans
of 2001–2030 (no plan copied), each with the targets plan-format.md asks for.

The fragments live in fragments/*.txt; the .docx and .pdf renderings are made here from them.
Scored with the shared scorer, pooled over all fragments: the bars are issue 18's.
"""
from __future__ import annotations

import importlib.util
import io
import os
from pathlib import Path

import pytest

from lianggang.extraction import extract_file
from tests.conftest import ROOT

HERE = Path(__file__).parent / "fragments"
SHARED = Path(os.environ.get("LIANGGANG_SHARED") or ROOT.parent / "shared")
BARS = {"quantitative": 0.90, "direction": 0.80}
RENDERING_BAR = 0.85


def T(code, indicator, op, value, unit, **kw):
    return code, {"indicator": indicator, "kind": "threshold", "op": op, "value": value, "unit": unit, **kw}


def C(code, indicator, direction, value, unit, **kw):
    return code, {"indicator": indicator, "kind": "change", "direction": direction, "value": value, "unit": unit, **kw}


def D(code, indicator, direction, **kw):
    return code, {"indicator": indicator, "kind": "direction", "direction": direction, **kw}


def R(code, indicator, op, reference):
    return code, {"indicator": indicator, "kind": "comparison", "op": op, "reference": reference}


# fragment → (subject, its targets by item code)
EXPECTED: dict[str, tuple[str, list]] = {
    "01_traditional_children": ("children", [
        T("1.1", "婴儿死亡率", "<=", 5.0, "‰"), T("1.1", "5岁以下儿童死亡率", "<=", 7.0, "‰"),
        T("1.2", "5岁以下儿童生长迟缓率", "<=", 5, "%"), D("1.2", "儿童低体重率", "decrease"),
        C("1.3", "儿童青少年总体近视率", "decrease", 0.5, "百分点", per_year=True, op=">="),
        T("1.4", "适龄儿童国家免疫规划疫苗接种率", ">=", 95, "%"),
        T("1.5", "儿童健康服务覆盖率", ">=", 90, "%"),
        T("2.1", "学前教育毛入园率", ">=", 92, "%"), T("2.1", "普惠性幼儿园覆盖率", ">=", 85, "%"),
        T("2.2", "九年义务教育巩固率", ">=", 97, "%"), T("2.3", "高中阶段教育毛入学率", ">=", 95, "%"),
        D("2.M1", "公办幼儿园在园幼儿占比", "increase"),
    ]),
    "02_traditional_women": ("women", [
        D("1.1", "妇女人均预期寿命", "increase"),
        T("1.2", "孕产妇死亡率", "<=", 20, "1/10万"), D("1.2", "城乡区域差距", "decrease"),
        T("1.3", "妇女常见病定期筛查率", ">=", 80, "%"), D("1.3", "宫颈癌和乳腺癌的早诊早治率", "increase"),
        D("1.3", "宫颈癌和乳腺癌死亡率", "decrease"),
        D("1.4", "妇女艾滋病感染率", "decrease"), D("1.4", "性病感染率", "decrease"),
        D("1.5", "孕产妇中重度贫血患病率", "decrease"),
        T("2.2", "妇女从业人员比例", ">=", 40, "%"), T("2.3", "城镇单位女性从业人员比例", "~", 40, "%"),
        D("2.4", "女职工职业病发病率", "decrease"),
    ]),
    "03_one_line_women": ("women", [
        D("1.1", "妇女人均预期寿命", "increase"), T("1.2", "孕产妇死亡率", "<=", 15, "1/10万"),
        T("1.3", "妇女常见病定期筛查率", ">=", 85, "%"), T("1.M2", "住院分娩率", ">=", 99, "%"),
        T("2.1", "女性平均受教育年限", ">=", 11, "年"), T("2.2", "高中阶段女性毛入学率", ">=", 92, "%"),
        T("2.3", "女性青壮年文盲率", "<=", 1, "%"),
        T("3.1", "城镇单位女性从业人员比例", "~", 42, "%"), D("3.2", "女职工职业病发病率", "decrease"),
    ]),
    "04_one_line_children": ("children", [
        C("1.1", "婴儿死亡率", "decrease", 20, "%", base_year=2000),
        C("1.1", "5岁以下儿童死亡率", "decrease", 20, "%", base_year=2000),
        C("1.2", "孕产妇死亡率", "decrease", 25, "%", base_year=2000),
        C("1.3", "5岁以下儿童中重度营养不良患病率", "decrease", 50, "%", base_year=2000),
        T("1.4", "低出生体重发生率", "<=", 4, "%"), T("1.5", "儿童计划免疫接种率", ">=", 95, "%"),
        T("2.1", "学前三年儿童入园率", ">=", 65, "%"), T("2.2", "小学适龄儿童入学率", ">=", 99, "%"),
        T("2.3", "初中阶段毛入学率", "~", 95, "%"),
    ]),
    "05_thematic_women": ("women", [
        D("1.1", "妇女人均预期寿命", "increase"), T("1.1", "孕产妇死亡率", "<=", 8, "1/10万"),
        T("1.2", "适龄妇女宫颈癌人群筛查率", ">=", 75, "%"), D("1.2", "乳腺癌人群筛查率", "increase"),
        D("1.3", "妇女心理健康素养水平", "increase"),
        T("2.1", "女性就业人员占全社会就业人员的比例", "~", 45, "%"), D("2.2", "高层次人才中女性比例", "increase"),
        T("3.1", "城乡妇女生活用水卫生达标率", ">=", 98, "%"), T("3.2", "农村卫生厕所普及率", ">=", 95, "%"),
        T("3.3", "每千人口拥有3岁以下婴幼儿托位数", ">=", 4.5, "个"),
    ]),
    "06_thematic_children": ("children", [
        T("1.1", "新生儿死亡率", "<=", 2.5, "‰"), T("1.1", "婴儿死亡率", "<=", 3.5, "‰"),
        T("1.1", "5岁以下儿童死亡率", "<=", 5.0, "‰"), T("1.2", "儿童青少年体质健康达标率", ">=", 92, "%"),
        D("1.3", "儿童心理行为问题发生率", "decrease"),
        C("2.1", "儿童伤害死亡率", "decrease", 20, "%", base_year=2020), D("2.2", "儿童乘车安全座椅使用率", "increase"),
        T("2.3", "中小学校安全管理规章制度完善率", ">=", 100, "%"),
        D("3.1", "孤儿和事实无人抚养儿童基本生活保障标准", "increase"), T("3.2", "儿童医疗保险参保率", ">=", 98, "%"),
    ]),
    "07_continuation_women": ("women", [
        T("1.5", "孕产妇系统管理率", ">=", 92, "%"), T("1.5", "产前筛查率", ">=", 85, "%"),
        D("1.6", "妇女艾滋病、梅毒和乙肝母婴传播阻断率", "increase"), D("1.7", "人工流产率", "decrease"),
        T("1.M1", "县级妇幼保健机构达标率", ">=", 100, "%"), T("1.M2", "住院分娩率", ">=", 99, "%"),
        T("1.M2", "孕产妇死亡率", "<=", 12, "1/10万"),
    ]),
    "08_continuation_children": ("children", [
        T("1.8", "儿童青少年每天户外活动时间", ">=", 2, "小时"),
        C("1.8", "总体近视率", "decrease", 0.5, "百分点", per_year=True),
        T("1.9", "6个月内婴儿纯母乳喂养率", ">=", 50, "%"),
        C("3.1", "儿童伤害死亡率", "decrease", 20, "%", base_year=2020), D("3.2", "18岁以下儿童溺水死亡率", "decrease"),
        D("3.3", "儿童乘车安全座椅使用率", "increase"), T("3.M1", "儿童安全社区覆盖率", ">=", 60, "%"),
    ]),
    "09_second_list": ("children", [
        D("1.1", "严重多发致残的出生缺陷发生率", "decrease"),
        T("1.2", "婴儿死亡率", "<=", 10, "‰"), T("1.2", "5岁以下儿童死亡率", "<=", 13, "‰"),
        T("1.3", "新生儿破伤风发病率", "<=", 1, "‰"), T("1.4", "纳入国家免疫规划的疫苗接种率", ">=", 95, "%"),
        T("1.5", "低出生体重发生率", "<=", 4, "%"), T("2.1", "学前三年毛入园率", ">=", 80, "%"),
        T("2.2", "九年义务教育巩固率", ">=", 95, "%"), T("2.3", "残疾儿童义务教育入学率", ">=", 90, "%"),
    ]),
    "10_table_fractions": ("children", [
        C("1.1", "婴儿死亡率", "decrease", 20, "%", base_year=2000),
        C("1.1", "5岁以下儿童死亡率", "decrease", 25, "%", base_year=2000),
        C("1.2", "孕产妇死亡率", "decrease", 33.33, "%", base_year=2000),
        C("T1", "婴儿死亡率", "decrease", 20, "%"), C("T2", "5岁以下儿童中重度营养不良患病率", "decrease", 50, "%"),
        C("T3", "儿童伤害死亡率", "decrease", 16.67, "%"), T("T4", "出生缺陷发生率", "<=", 120, "1/万"),
    ]),
    "11_counts_and_years": ("women", [
        T("1.1", "孕产妇住院分娩率", ">=", 60, "%", year=2005), T("1.1", "孕产妇住院分娩率", ">=", 80, "%"),
        T("1.2", "妇幼保健院数", ">=", 1, "所"), T("1.2", "妇女儿童活动中心数", ">=", 1, "所"),
        T("1.3", "参加新型农村合作医疗的农村妇女比例", ">=", 100, "%"),
        T("1.4", "城乡社区妇女之家覆盖率", ">=", 90, "%"), T("1.5", "孕产妇死亡率", "<=", 5, "1/万"),
        T("1.6", "开展孕产期保健服务的乡镇卫生院比例", ">=", 90, "%"),
    ]),
    "12_gaps_trends_subitems": ("women", [
        D("1.1", "男女就业率和收入差距", "decrease"), D("1.2", "女性在高新技术企业从业人员中的比例", "increase"),
        T("1.3", "城镇新增就业人员中女性比例", ">=", 45, "%"), T("1.3", "农村转移就业劳动力中女性比例", ">=", 40, "%"),
        T("2.3", "农村生活垃圾无害化处理率", ">=", 90, "%"),
        D("3.1", "妇女超重和肥胖率", "decrease", note="升高趋势得到遏制"), D("3.2", "女性吸烟率", "decrease"),
        T("3.2", "女性经常参加体育锻炼人数比例", ">=", 40, "%"),
        T("3.3", "城市孕产妇死亡率", "<=", 8, "1/10万"), T("3.3", "农村孕产妇死亡率", "<=", 12, "1/10万"),
    ]),
    "13_damaged_units": ("children", [
        T("1.1", "新生儿死亡率", "<=", 3, "‰"), T("1.1", "婴儿死亡率", "<=", 5, "‰"),
        T("1.1", "5岁以下儿童死亡率", "<=", 6.0, "‰"), T("1.2", "孕产妇死亡率", "<=", 18, "1/10万"),
        T("1.3", "婴儿死亡率", "<=", 4.5, "‰"), T("1.3", "5岁以下儿童死亡率", "<=", 6.0, "‰"),
        T("1.4", "儿童低体重率", "<=", 5, "%"), T("1.4", "5岁以下儿童生长迟缓率", "<=", 7, "%"),
        T("1.5", "5岁以下儿童贫血患病率", "<=", 12, "%"),
    ]),
    "14_polluted_names": ("women", [
        T("1.1", "城市婚前医学检查率", ">=", 80, "%", year=2005), T("1.1", "农村婚前医学检查率", ">=", 60, "%", year=2005),
        T("1.2", "城市孕产妇住院分娩率", ">=", 98, "%"), T("1.2", "农村孕产妇住院分娩率", ">=", 90, "%"),
        T("1.3", "城市孕产妇产前检查率", ">=", 95, "%"), T("1.3", "农村孕产妇产前检查率", ">=", 85, "%"),
    ]),
    "15_women_2001": ("women", [
        T("1.2", "妇女从业人员占总从业人员的比例", ">=", 40, "%"), T("1.3", "城镇妇女失业率", "<=", 5, "%"),
        T("1.4", "女职工劳动保护覆盖率", ">=", 90, "%"), T("2.1", "县级领导班子中女干部数", ">=", 1, "名"),
        D("2.2", "女干部占干部总数的比例", "increase"), T("2.3", "村委会成员中女性数", ">=", 1, "名"),
        T("2.3", "妇女村民代表占村民代表会议组成人员的比例", ">=", 33.33, "%"),
        T("3.1", "女性青壮年文盲率", "<=", 2, "%"), T("3.2", "高等教育毛入学率", "~", 15, "%"),
        T("3.2", "女生比例", "~", 50, "%"),
    ]),
    "16_children_family": ("children", [
        T("4.1", "城市社区建立家长学校或家庭教育指导服务站点的比例", ">=", 90, "%"),
        T("4.1", "农村社区建立家长学校或家庭教育指导服务站点的比例", ">=", 80, "%"),
        T("4.2", "儿童之家覆盖率", ">=", 95, "%"), T("4.3", "儿童每天户外活动时间", ">=", 1, "小时"),
        T("4.M1", "家庭教育宣传活动次数", ">=", 2, "次"), T("4.M2", "建立儿童之家的城乡社区比例", ">=", 90, "%"),
        T("5.1", "儿童公共活动场所安全设施配备率", ">=", 100, "%"),
        T("5.2", "农村集中式供水受益人口比例", ">=", 95, "%"), D("5.3", "中小学校和幼儿园的绿化覆盖率", "increase"),
    ]),
    "17_scan_source": ("women", [
        T("1.1", "孕产妇死亡率", "<=", 10, "1/10万"), T("1.2", "妇女常见病筛查率", ">=", 85, "%"),
        T("1.3", "适龄妇女宫颈癌人群筛查率", ">=", 70, "%"), T("2.1", "女性平均受教育年限", ">=", 11.5, "年"),
        D("2.2", "高等教育在校生中男女比例", "maintain"),
    ]),
    "18_decision": ("women", [
        D("2.1", "市、县两级人大代表中女性比例", "increase"),
        R("2.2", "党员代表大会中女党员代表比例", ">=", "本地区党员总数中女性比例"),
        R("2.3", "职工代表大会中女性比例", "~", "女职工比例"),
        T("2.4", "村委会成员中女性比例", ">=", 30, "%"), T("2.4", "村委会主任中女性比例", ">=", 10, "%"),
        T("2.5", "社区居委会成员中女性比例", "~", 50, "%"),
    ]),
    "19_social_security": ("women", [
        T("5.1", "女性城乡居民基本养老保险参保率", ">=", 95, "%"), D("5.2", "城乡居民最低生活保障标准", "increase"),
        D("5.3", "生育保险覆盖面", "increase"), D("5.4", "失能妇女长期照护服务覆盖率", "increase"),
        T("5.5", "城乡孤寡老年妇女集中供养率", ">=", 60, "%"),
    ]),
    "20_women_education_2011": ("women", [
        T("3.2", "学前教育毛入园率", ">=", 75, "%"), T("3.3", "九年义务教育巩固率", ">=", 95, "%"),
        T("3.3", "女童义务教育辍学率", "<=", 1, "%"), T("3.4", "高中阶段教育毛入学率", ">=", 90, "%"),
        T("3.5", "高等教育毛入学率", ">=", 40, "%"), T("3.5", "女性接受高等教育的比例", "~", 50, "%"),
        T("3.6", "妇女平均受教育年限", ">=", 11.2, "年"),
        D("3.6", "主要劳动年龄人口中女性受过高等教育的比例", "increase"),
    ]),
    "21_traditional_welfare": ("children", [
        T("3.1", "儿童福利机构设施设备配置率", ">=", 100, "%"), T("3.2", "儿童督导员数", ">=", 1, "名"),
        T("3.2", "儿童主任数", ">=", 1, "名"), T("3.3", "残疾儿童康复救助比例", ">=", 95, "%"),
        D("3.4", "孤儿和事实无人抚养儿童保障标准", "increase"),
    ]),
    "22_thematic_no_title": ("children", [
        D("1.1", "儿童伤害死亡率", "decrease"), D("1.1", "因溺水、道路交通伤害致死的儿童人数", "decrease"),
        D("1.2", "儿童食品安全事故发生率", "decrease"), T("1.3", "中小学校幼儿园安保配备达标率", ">=", 100, "%"),
        T("1.M1", "中小学安全教育课程开设率", ">=", 100, "%"),
    ]),
}


def gold_document(name: str) -> dict:
    """The expected targets as a plan/v1 document the scorer reads (targets are matched per plan)."""
    subject, targets = EXPECTED[name]
    goals: dict[str, list] = {}
    for code, target in targets:
        goals.setdefault(code, []).append(target)
    items = [{"code": code, "text": "", "targets": ts} for code, ts in goals.items()]
    return {"format": "plan/v1", "source": f"{name}.txt", "plans": [{
        "title": name, "region": "", "subject": subject, "period": {"start": 2001, "end": 2030},
        "domains": [{"code": "1", "name": "", "goals": items, "measures": []}]}]}


def load_scorer():
    path = SHARED / "tools" / "score_extraction.py"
    if not path.is_file():
        pytest.fail(f"the shared scorer is not at {path}: the shared folder belongs beside the checkout "
                    f"(../shared), or set LIANGGANG_SHARED")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scorer():
    return load_scorer()


def pooled(scorer, documents: dict[str, dict]) -> dict[str, float]:
    """Quantitative and direction F1 over all fragments together (tp, predicted and gold summed)."""
    totals = {k: [0, 0, 0] for k in BARS}
    for name, document in documents.items():
        result, _ = scorer.score(gold_document(name), document)
        for k in BARS:
            totals[k][0] += result[k]["tp"]
            totals[k][1] += result[k]["predicted"]
            totals[k][2] += result[k]["gold"]
    return {k: scorer.prf(*v)["f1"] for k, v in totals.items()}


def test_every_fragment_has_its_expectations():
    assert sorted(p.stem for p in HERE.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fragment_finds_its_plan_and_subject(name):
    plans = extract_file(HERE / f"{name}.txt").document["plans"]
    assert [p["subject"] for p in plans] == [EXPECTED[name][0]]


def test_fragments_meet_the_pooled_bars(scorer):
    documents = {name: extract_file(HERE / f"{name}.txt").document for name in EXPECTED}
    scores = pooled(scorer, documents)
    assert all(scores[k] >= bar for k, bar in BARS.items()), scores
