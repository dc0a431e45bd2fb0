"""Write a content.Document as one self-contained HTML page (inline CSS, no CDN)."""
from __future__ import annotations

from base64 import b64encode
from html import escape
from typing import Callable

from lianggang.reports.content import Document, Section

# A page banner costs a margin box on every page, so it is only there when the data are sample data.
BANNER_CSS = "@page { @top-center { content: \"示例数据\"; font-family: 'Noto Sans CJK SC', 'LG CJK'; color: #c00; } }"
# GB/T 9704: A4, 黑体 一、 楷体 （一）, 仿宋 body and bold 仿宋 1.; page numbers "— 1 —" at the foot.
# Keeping together: a heading stays with what follows it, a chart with the sentence above it, a
# sub-region block (sentence, table, chart) in one piece; long tables break between rows and
# repeat their header row. 'LG CJK' is the font file fonts.py found, when fontconfig knows none.
CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
        @bottom-center { content: "— " counter(page) " —"; font-family: 'Noto Serif CJK SC', 'LG CJK', serif;
                         font-size: 14pt; } }
body { font-family: 'FangSong', '仿宋_GB2312', 'Noto Serif CJK SC', 'LG CJK', serif; font-size: 16pt; line-height: 1.6; }
h1 { font-family: 'Noto Serif CJK SC', 'LG CJK', serif; font-weight: 900; text-align: center; font-size: 22pt; }
h2 { font-family: 'SimHei', 'Noto Sans CJK SC', 'LG CJK', sans-serif; font-size: 16pt; font-weight: normal; }
h3 { font-family: 'KaiTi', 'Noto Serif CJK SC', 'LG CJK', serif; font-size: 16pt; }
h4 { font-family: 'FangSong', 'Noto Serif CJK SC', 'LG CJK', serif; font-size: 16pt; font-weight: bold; }
h1, h2, h3, h4 { margin: 0.5em 0 0.2em; break-after: avoid; page-break-after: avoid; }
p { text-indent: 2em; margin: 0; orphans: 2; widows: 2; }
table { border-collapse: collapse; font-size: 12pt; line-height: 1.35; width: 100%; table-layout: fixed;
        margin: 4pt 0 8pt; }
table.summary, table.compare { font-size: 10.5pt; text-align: center; }
table.progress { font-size: 10.5pt; }
table.compare { break-before: avoid; page-break-before: avoid; break-inside: avoid; }
td, th { border: 1px solid #000; padding: 2pt 4pt; overflow-wrap: anywhere; }
th { font-family: 'SimHei', 'Noto Sans CJK SC', 'LG CJK', sans-serif; font-weight: normal; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 4pt 0 8pt; break-inside: avoid; break-before: avoid; page-break-before: avoid; }
figure img { width: 100%; display: block; }
.banner { color: #c00; font-weight: bold; text-align: center; }
"""


def data_uri(chart) -> str:
    return f"data:image/png;base64,{b64encode(chart.png).decode()}"


def _columns(n: int, first: float | None = None) -> str:
    """Column widths: the first (the name) wider, the rest equal. Fixed table layout spares
    WeasyPrint measuring every cell's text, a quarter of a long report's layout time."""
    if n < 3:
        return ""
    first = first or (30 if n > 4 else 40)
    rest = (100 - first) / (n - 1)
    return f'<col style="width:{first}%">' + "".join(f'<col style="width:{rest:.2f}%">' for _ in range(n - 1))


def _table(t) -> str:
    columns = ("".join(f'<col style="width:{w}%">' for w in t.widths) if t.widths
               else _columns(len(t.header), 16 if t.kind in ("summary", "compare") else None))
    css = f' class="{t.kind}"' if t.kind else ""
    out = [f"<table{css}>" + (f"<colgroup>{columns}</colgroup>" if columns else "") + "<thead><tr>"
           + "".join(f"<th>{escape(h)}</th>" for h in t.header) + "</tr></thead><tbody>"]
    out += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in t.rows]
    out.append("</tbody></table>")
    return "".join(out)


def _section(sec: Section, level: int, src: Callable) -> str:
    """A section: its heading (none for an untitled block), sentences, tables, charts, then its
    children. A chart stays on the page of what comes before it (CSS: figure break-before: avoid)."""
    tag = ("h2", "h3", "h4")[min(level, 2)]
    out = [f"<{tag}>{escape(sec.heading)}</{tag}>"] if sec.heading else []
    out += [f"<p>{escape(p)}</p>" for p in sec.paragraphs]
    out += [_table(t) for t in sec.tables]
    out += [f'<figure><img alt="{escape(c.title)}" src="{src(c)}"></figure>' for c in sec.charts]
    return "\n".join([*out, *(_section(c, level + 1, src) for c in sec.children)])


def render(document: Document, png: bool = True, src: Callable = data_uri, font_css: str = "") -> bytes:
    """The page; `src` gives each chart's image address (the PDF passes its own, see render_pdf), and
    `font_css` an @font-face for the PDF. `png` is kept for callers: charts are always PNG."""
    css = font_css + CSS + (BANNER_CSS if document.sample else "")
    body = [f"<h1>{escape(document.title)}</h1>"]
    if document.sample:
        body.insert(0, '<div class="banner">示例数据</div>')
    body += [_section(s, 0, src) for s in document.sections]
    body += [f"<p>{escape(n)}</p>" for n in document.notes]
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(document.title)}</title><style>{css}</style></head>"
            f"<body>{''.join(body)}</body></html>").encode()
