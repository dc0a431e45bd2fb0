"""Write a content.Document as one self-contained HTML page (inline CSS, no CDN)."""
from __future__ import annotations

from base64 import b64encode
from html import escape

from lianggang.reports.content import Document, Section

CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
        @top-center { content: var(--banner); font-family: 'Noto Sans CJK SC'; color: #c00; } }
body { font-family: 'FangSong', '仿宋_GB2312', 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 1.6; }
h1 { font-family: 'Noto Serif CJK SC', serif; font-weight: 900; text-align: center; font-size: 22pt; }
h2 { font-family: 'SimHei', 'Noto Sans CJK SC', sans-serif; font-size: 16pt; font-weight: normal; }
h3 { font-family: 'KaiTi', 'Noto Serif CJK SC', serif; font-size: 16pt; }
p { text-indent: 2em; margin: 0; }
table { border-collapse: collapse; font-size: 12pt; width: 100%; }
td, th { border: 1px solid #000; padding: 2pt 4pt; }
.banner { color: #c00; font-weight: bold; text-align: center; }
"""


def _section(sec: Section, level: int, png: bool = False) -> str:
    tag = "h2" if level == 0 else "h3"
    out = [f"<{tag}>{escape(sec.heading)}</{tag}>"]
    out += [f"<p>{escape(p)}</p>" for p in sec.paragraphs]
    for t in sec.tables:
        out.append("<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in t.header) + "</tr>")
        out += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in t.rows]
        out.append("</table>")
    if png or not any(c.svg for c in sec.charts):  # WeasyPrint lays out a PNG far faster than a matplotlib SVG
        out += [f'<figure><img style="width:150mm" src="data:image/png;base64,{b64encode(c.png).decode()}"></figure>'
                for c in sec.charts]
    else:
        out += [f'<figure>{c.svg[c.svg.find("<svg"):]}</figure>' for c in sec.charts]
    out += [_section(c, level + 1, png) for c in sec.children]
    return "\n".join(out)


def render(document: Document, png: bool = False) -> bytes:
    css = CSS.replace("var(--banner)", '"示例数据"' if document.sample else '""')
    body = [f"<h1>{escape(document.title)}</h1>"]
    if document.sample:
        body.insert(0, '<div class="banner">示例数据</div>')
    body += [_section(s, 0, png) for s in document.sections]
    body += [f"<p>{escape(n)}</p>" for n in document.notes]
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(document.title)}</title><style>{css}</style></head>"
            f"<body>{''.join(body)}</body></html>").encode()
