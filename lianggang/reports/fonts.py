"""Find a CJK font for charts and PDF pages, or say which package to install."""
from __future__ import annotations

import functools

PREFERRED = (
    "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "SimSun", "FangSong", "SimHei", "Microsoft YaHei",
)


class FontNotFound(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def cjk_font() -> tuple[str, str]:
    """(family name, file path) of the first installed CJK font in PREFERRED order."""
    from matplotlib import font_manager

    by_name: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, entry.fname)
    for name in PREFERRED:
        if name in by_name:
            return name, by_name[name]
    raise FontNotFound(
        "未找到中文字体（CJK font not found）：请安装 Debian 软件包 fonts-noto-cjk "
        "（apt-get install fonts-noto-cjk），然后删除 matplotlib 字体缓存。"
    )
