"""Write a content.Document as one self-contained HTML page (inline CSS, no CDN)."""
from __future__ import annotations

from base64 import b64encode
from html import escape
from typing import Callable

from lianggang.reports.content import Document, Section

# A page banner costs a margin box on every page, so it is only there when the data are sample data.
BANNER_CSS = "@page { @top-center { content: \"示例数据\"; font-family: 'Noto Sans CJK SC'; color: #c00; } }"
CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: 'FangSong', '仿宋_GB2312', 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 1.6; }
h1 { font-family: 'Noto Serif CJK SC', serif; font-weight: 900; text-align: center; font-size: 22pt; }
h2 { font-family: 'SimHei', 'Noto Sans CJK SC', sans-serif; font-size: 16pt; font-weight: normal; }
h3 { font-family: 'KaiTi', 'Noto Serif CJK SC', serif; font-size: 16pt; }
p { text-indent: 2em; margin: 0; }
table { border-collapse: collapse; font-size: 12pt; width: 100%; table-layout: fixed; }
td, th { border: 1px solid #000; padding: 2pt 4pt; }
.banner { color: #c00; font-weight: bold; text-align: center; }
"""


def data_uri(chart) -> str:
    return f"data:image/png;base64,{b64encode(chart.png).decode()}"


def _columns(n: int) -> str:
    """Column widths: the first (the name) wider, the rest equal. Fixed table layout spares
    WeasyPrint measuring every cell's text, a quarter of a long report's layout time."""
    if n < 3:
        return ""
    first = 30 if n > 4 else 40
    rest = (100 - first) / (n - 1)
    return f'<col style="width:{first}%">' + "".join(f'<col style="width:{rest:.2f}%">' for _ in range(n - 1))


def _section(sec: Section, level: int, src: Callable) -> str:
    tag = "h2" if level == 0 else "h3"
    out = [f"<{tag}>{escape(sec.heading)}</{tag}>"]
    out += [f"<p>{escape(p)}</p>" for p in sec.paragraphs]
    for t in sec.tables:
        out.append("<table>" + _columns(len(t.header)) + "<tr>"
                   + "".join(f"<th>{escape(h)}</th>" for h in t.header) + "</tr>")
        out += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in t.rows]
        out.append("</table>")
    out += [f'<figure><img style="width:150mm" alt="{escape(c.title)}" src="{src(c)}"></figure>'
            for c in sec.charts]
    out += [_section(c, level + 1, src) for c in sec.children]
    return "\n".join(out)


def render(document: Document, png: bool = True, src: Callable = data_uri) -> bytes:
    """The page; `src` gives each chart's image address (the PDF passes its own, see render_pdf).
    `png` is kept for callers: charts are always PNG."""
    css = CSS + (BANNER_CSS if document.sample else "")
    body = [f"<h1>{escape(document.title)}</h1>"]
    if document.sample:
        body.insert(0, '<div class="banner">示例数据</div>')
    body += [_section(s, 0, src) for s in document.sections]
    body += [f"<p>{escape(n)}</p>" for n in document.notes]
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(document.title)}</title><style>{css}</style></head>"
            f"<body>{''.join(body)}</body></html>").encode()
