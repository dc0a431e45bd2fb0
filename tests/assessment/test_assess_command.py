"""``manage.py assess``: JSON cases in, JSON results out; bad input → exit 2, no traceback."""
import io
import json

import pytest

pytest.importorskip("lianggang.settings", reason="Django settings not in place yet")
from django.core.management import call_command  # noqa: E402

CASE = {"id": "孕产妇死亡率", "target": {"indicator": "孕产妇死亡率", "kind": "threshold", "op": "<=",
                                    "value": 12, "unit": "1/10万"},
        "period": {"start": 2021, "end": 2030}, "series": {"2020": 16.9, "2021": 15.7, "2022": 16.1},
        "as_of": 2022}


def run(tmp_path, payload, *extra):
    f = tmp_path / "cases.json"
    f.write_text(payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False),
                 encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("assess", "--cases", str(f), *extra, stdout=out, stderr=err)
    except SystemExit as e:
        code = e.code
    return code, out.getvalue(), err.getvalue()


def test_prints_results(tmp_path):
    code, out, _ = run(tmp_path, [CASE])
    assert code == 0
    res = json.loads(out)
    assert res[0]["id"] == "孕产妇死亡率" and res[0]["status"] == "at_risk"
    assert "孕产妇" in out  # ensure_ascii=False
    assert res[0]["projected"]["method"] == "wls"


def test_details_flag(tmp_path):
    code, out, _ = run(tmp_path, [CASE], "--details")
    assert code == 0 and "details" in json.loads(out)[0]


def test_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps([CASE])))
    out = io.StringIO()
    call_command("assess", "--cases", "-", stdout=out)
    assert json.loads(out.getvalue())[0]["status"] == "at_risk"


@pytest.mark.parametrize("payload,needle", [
    ("[{", "broken JSON"),
    ([{**CASE, "target": {"kind": "wish"}}], "target.kind"),
    ([{**CASE, "series": {"2021": "many"}}], "series.2021"),
    ([{**CASE, "series": {"2025": 1}}], "after as_of"),
    ([{k: v for k, v in CASE.items() if k != "as_of"}], "as_of"),
    ({"not": "a list"}, "list"),
    # Numbers JSON does not allow, or no indicator holds, are refused, never judged into NaN.
    ('[{"id": 1, "target": {"indicator": "x", "kind": "threshold", "op": "<=", "value": NaN}}]', "NaN"),
    ([{**CASE, "series": {"2021": "NaN"}}], "series.2021"),
    ('[' + json.dumps({**CASE, "series": {"2021": 1}})[:-1] + ', "baseline": {"year": 2020, "value": 1e400}}]',
     "baseline.value"),
    ([{**CASE, "series": {"2021": 1e300, "2022": -1e300}}], "series.2021"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_bad_input_exit_2(tmp_path, payload, needle):
    code, out, err = run(tmp_path, payload)
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err


def test_missing_file(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("assess", "--cases", str(tmp_path / "nope.json"), stdout=out, stderr=err)
    assert e.value.code == 2 and "cannot read" in err.getvalue()


def test_the_output_is_always_valid_json(tmp_path):
    cases = [{**CASE, "series": {"2020": 1e15, "2021": -1e15, "2022": 1e15}},
             {**CASE, "series": {"2021": 0.000001, "2022": 0}}]
    code, out, _ = run(tmp_path, cases)
    assert code == 0
    json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the output"))
