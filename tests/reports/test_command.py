import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_an_unknown_plan_is_one_chinese_line_and_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        call_command("report", "annual", "--plan", "999999", "--region", "000000", "--year", "2023",
                     "-o", str(tmp_path / "x.docx"))
    assert exit.value.code == 2
    assert "找不到编号为 999999 的纲要" in capsys.readouterr().err
