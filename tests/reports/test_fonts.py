from lianggang.reports.fonts import cjk_font


def test_a_cjk_font_is_found_on_this_machine():
    name, path = cjk_font()
    assert name and path
