"""A department's CSV is refused whole, with every problem of the file at its row."""
from __future__ import annotations

import pytest

from lianggang.monitoring import excel
from lianggang.monitoring.models import Value


def test_a_department_csv_lists_every_problem_at_once_and_names_a_duplicated_row(world):
    """(issue 14 item 9) The row copied twice is named as such, not as someone else's change, beside
    an unknown indicator and a bad number — all in one refusal, nothing saved."""
    from lianggang.monitoring.tabular import Refused
    data = ("区划代码,指标,年度,数值\n"
            "150203,婴儿死亡率,2023,5\n"
            "150203,婴儿死亡率,2023,6\n"
            "150203,不存在的指标,2023,1\n"
            "150203,孕产妇死亡率,2023,abc\n").encode()
    with pytest.raises(Refused) as refused:
        excel.import_values(data, user=world.filler_health, filename="v.csv", round=world.round)
    rows = {p.row: p.message for p in refused.value.problems}
    assert set(rows) == {3, 4, 5}
    assert "两次" in rows[3] and "不存在的指标" in rows[4] and "abc" in rows[5]
    assert all("他人" not in m for m in rows.values())
    assert not Value.objects.exists()
