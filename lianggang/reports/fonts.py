"""Find a CJK font for charts and PDF pages, or say which package to install.

matplotlib keeps its list of fonts in a cache file written the first time it runs; a font installed
after that (fonts-noto-cjk installed after the first chart) is not in the list, and asking for it by
name failed every report. So the font is looked for by name first, then as a file on disk (the
places Debian, RHEL, Alpine and Windows put CJK fonts, what fontconfig knows, and
LIANGGANG_CJK_FONT), and a file found is registered with matplotlib (`addfont`, no cache rebuild
needed) and handed to the PDF renderer as an @font-face. Only when there is no file at all does a
report fail, with FontNotFound — one Chinese line naming the package to install.
"""
from __future__ import annotations

import functools
import glob
import os
import shutil
import subprocess

PREFERRED = (
    "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Serif SC", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "SimSun", "FangSong", "SimHei", "Microsoft YaHei",
)
# Where CJK font files are installed by the usual packages, regular weight first.
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",           # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",                # Arch, Alpine
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",         # Fedora, RHEL
    "/usr/share/fonts/google-noto-sans-cjk-vf-fonts/NotoSansCJK-VF.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",                     # fonts-wqy-zenhei
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/simsun.ttc", "C:/Windows/Fonts/simhei.ttf",
)
FONT_GLOBS = ("/usr/share/fonts/**/*CJK*Regular*.tt[cf]", "/usr/share/fonts/**/*CJK*.otf",
              "/usr/local/share/fonts/**/*CJK*.tt[cf]", "/usr/share/fonts/**/wqy-*.ttc")
MESSAGE = ("未找到中文字体，无法生成含图表的报告：请在服务器上安装 Debian 软件包 fonts-noto-cjk"
           "（apt-get install fonts-noto-cjk），或用环境变量 LIANGGANG_CJK_FONT 指明字体文件（.ttc/.ttf/.otf）。")


class FontNotFound(RuntimeError):
    """No CJK font on this machine; str() is the Chinese line telling the operator what to install."""

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)


def _from_fontconfig() -> list[str]:
    """The files fontconfig lists for Chinese (empty when fc-list is not installed)."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})
    return sorted(files, key=lambda f: ("Regular" not in f, "Sans" not in f, f))


def font_files() -> list[str]:
    """Candidate CJK font files on disk, best first: LIANGGANG_CJK_FONT, the usual places, fontconfig."""
    found = [os.environ.get("LIANGGANG_CJK_FONT", "").strip(), *FONT_FILES]
    for pattern in FONT_GLOBS:
        found += sorted(glob.glob(pattern, recursive=True))
    found += _from_fontconfig()
    return [f for f in dict.fromkeys(found) if f and os.path.isfile(f)]


def _by_name(font_manager) -> tuple[str, str] | None:
    """The first PREFERRED family matplotlib knows, with a regular-weight file when it has one."""
    by_name: dict[str, str] = {}
    for entry in sorted(font_manager.fontManager.ttflist, key=lambda e: abs(e.weight - 400)
                        if isinstance(e.weight, int) else 0):
        by_name.setdefault(entry.name, entry.fname)
    for name in PREFERRED:
        if name in by_name:
            return name, by_name[name]
    return None


@functools.lru_cache(maxsize=1)
def cjk_font() -> tuple[str, str]:
    """(family name, file path) of a CJK font, registered with matplotlib; FontNotFound when none is installed."""
    from matplotlib import font_manager

    override = os.environ.get("LIANGGANG_CJK_FONT", "").strip()
    if override and not os.path.isfile(override):
        raise FontNotFound(f"环境变量 LIANGGANG_CJK_FONT 指明的字体文件不存在：{override}")
    if not override:
        known = _by_name(font_manager)
        if known is not None:
            return known
    for path in font_files():
        try:
            font_manager.fontManager.addfont(path)      # a stale cache: tell matplotlib about the file
        except (OSError, RuntimeError, ValueError):
            continue
        known = _by_name(font_manager)
        if known is not None and (not override or known[1] == path):
            return known
        names = [e.name for e in font_manager.fontManager.ttflist if e.fname == path]
        if names:
            return names[0], path
    raise FontNotFound()


@functools.lru_cache(maxsize=1)
def fontconfig_has_cjk() -> bool:
    """Whether fontconfig (which WeasyPrint asks for fonts by family) lists a Chinese font."""
    return bool(_from_fontconfig())


def pdf_font_css(family: str = "LG CJK") -> str:
    """What the PDF's CSS needs for Chinese text: nothing when fontconfig knows a CJK font (the
    families are named in the CSS), else an @font-face on the file found; FontNotFound when none."""
    _name, path = cjk_font()
    if fontconfig_has_cjk():
        return ""
    url = "file://" + ("" if path.startswith("/") else "/") + path.replace("\\", "/")
    return f"@font-face {{ font-family: '{family}'; src: url('{url}'); }}\n"
