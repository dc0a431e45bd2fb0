"""The plan/v1 validator: every kind of invalid document, named by its path."""
import copy

import pytest

from lianggang.planformat import validate_document

VALID = {
    "format": "plan/v1",
    "source": "x.txt",
    "plans": [{
        "title": "某市妇女发展规划（2021—2025年）",
        "region": "某市",
        "subject": "women",
        "period": {"start": 2021, "end": 2025},
        "domains": [{
            "code": "1", "name": "妇女与健康",
            "goals": [{"code": "1.1", "text": "孕产妇死亡率控制在10/10万以下。", "targets": [
                {"indicator": "孕产妇死亡率", "kind": "threshold", "op": "<=", "value": 10, "unit": "1/10万"},
            ]}],
            "measures": [{"code": "1.M1", "title": "加强保健", "text": "加强保健。", "targets": []}],
        }],
    }],
}


def broken(change):
    doc = copy.deepcopy(VALID)
    change(doc)
    return doc


def target(doc):
    return doc["plans"][0]["domains"][0]["goals"][0]["targets"][0]


def test_the_valid_example_has_no_problems():
    assert validate_document(VALID) == []


@pytest.mark.parametrize("change, path, fragment", [
    # the document
    (lambda d: d.update(format="plan/v2"), "format", "plan/v1"),
    (lambda d: d.pop("source"), "source", "缺少必填字段"),
    (lambda d: d.update(plans=[]), "plans", "没有纲要"),
    (lambda d: d.update(extra=1), "extra", "未知字段"),
    # a plan
    (lambda d: d["plans"][0].update(subject="men"), "plans[0].subject", "women / children"),
    (lambda d: d["plans"][0].update(title=" "), "plans[0].title", "不能为空"),
    (lambda d: d["plans"][0]["period"].update(start=2030), "plans[0].period", "晚于"),
    (lambda d: d["plans"][0]["period"].update(end="2025"), "plans[0].period.end", "整数"),
    (lambda d: d["plans"][0].update(domains={}), "plans[0].domains", "列表"),
    # domains and goals
    (lambda d: d["plans"][0]["domains"].append(copy.deepcopy(d["plans"][0]["domains"][0])),
     "plans[0].domains[1].code", "重复"),
    (lambda d: d["plans"][0]["domains"][0]["goals"][0].pop("text"), "plans[0].domains[0].goals[0].text", "缺少"),
    (lambda d: d["plans"][0]["domains"][0]["measures"][0].pop("title"),
     "plans[0].domains[0].measures[0].title", "缺少"),
    # targets, per kind
    (lambda d: target(d).update(kind="level"), "targets[0].kind", "threshold"),
    (lambda d: target(d).pop("op"), "targets[0].op", "threshold 类目标缺少"),
    (lambda d: target(d).update(op="=>"), "targets[0].op", "不是"),
    (lambda d: target(d).update(value="十"), "targets[0].value", "不是数值"),
    (lambda d: target(d).update(value=True), "targets[0].value", "应为数值"),
    (lambda d: target(d).update(unit="％"), "targets[0].unit", "不是"),
    (lambda d: target(d).update(kind="direction", direction="up"), "targets[0].direction", "不是"),
    (lambda d: target(d).update(kind="comparison"), "targets[0].reference", "comparison 类目标缺少"),
    (lambda d: target(d).update(kind="change", direction="maintain"), "targets[0].direction", "increase / decrease"),
    (lambda d: target(d).update(year=2030), "targets[0].year", "不在纲要期"),
    (lambda d: target(d).update(per_year="yes"), "targets[0].per_year", "true 或 false"),
    (lambda d: target(d).update(baseline={"year": 2020}), "targets[0].baseline.value", "缺少"),
    (lambda d: target(d).update(evidence={"start": 9, "end": 3}), "targets[0].evidence", "start 大于 end"),
    (lambda d: target(d).update(colour="red"), "targets[0].colour", "未知字段"),
    # evidence on a page (optional: a PDF's page, a scan's box)
    (lambda d: target(d).update(evidence={"start": 1, "end": 3, "page": 0}), "targets[0].evidence.page", "超出范围"),
    (lambda d: target(d).update(evidence={"start": 1, "end": 3, "box": [1, 2, 3]}), "targets[0].evidence.box", "四个数"),
    (lambda d: target(d).update(evidence={"start": 1, "end": 3, "box": [90, 20, 10, 40]}), "targets[0].evidence.box",
     "左上角"),
])
def test_each_problem_is_named_by_its_path(change, path, fragment):
    problems = validate_document(broken(change))
    assert any(p.path.endswith(path) and fragment in p.message for p in problems), [str(p) for p in problems]


def test_evidence_may_name_its_page_and_box():
    ok = broken(lambda d: target(d).update(evidence={"start": 1, "end": 3, "page": 2, "box": [72.5, 100, 300, 118.2]}))
    assert validate_document(ok) == []


def test_a_ratio_value_is_allowed_only_with_the_ratio_unit():
    ok = broken(lambda d: target(d).update(value="1:3", unit="ratio"))
    assert validate_document(ok) == []
    bad = broken(lambda d: target(d).update(value="1:3", unit="%"))
    assert [p.path for p in validate_document(bad)] == ["plans[0].domains[0].goals[0].targets[0].value"]


def test_all_problems_are_reported_at_once():
    def many(d):
        d["plans"][0]["subject"] = "men"
        target(d)["op"] = "=>"
        target(d)["unit"] = "米"
    assert len(validate_document(broken(many))) == 3


def test_a_document_that_is_not_an_object_is_refused():
    assert validate_document([1, 2])[0].message.startswith("应为对象")
