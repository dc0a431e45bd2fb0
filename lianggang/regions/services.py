"""Loading the region tree and the standard member departments."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from lianggang.regions.models import LEVEL_DEPTH, Department, Region, RegionLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_REGIONS = DATA_DIR / "regions.csv"
STANDARD_DEPARTMENTS = DATA_DIR / "departments.csv"
NATION_CODE = "000000"


class RegionImportError(Exception):
    """A region file that cannot be loaded; `problems` lists every row's fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class RegionRow:
    line: int
    code: str
    name: str
    level: str
    parent_code: str
    short_name: str
    aliases: str


def level_from_code(code: str) -> str:
    """GB/T 2260: xx0000 is a province, xxxx00 a city, other six-digit codes counties;
    longer codes (统计用区划代码) below the county are townships."""
    if code == NATION_CODE:
        return RegionLevel.NATION
    if len(code) > 6:
        return RegionLevel.TOWNSHIP
    if code.endswith("0000"):
        return RegionLevel.PROVINCE
    if code.endswith("00"):
        return RegionLevel.CITY
    return RegionLevel.COUNTY


def parent_candidates(code: str) -> list[str]:
    """Codes that may be the parent of `code`, nearest first (a county of a
    province-administered area hangs directly under the province)."""
    if len(code) > 6:
        return [code[:6]]
    if code == NATION_CODE:
        return []
    if code.endswith("0000"):
        return [NATION_CODE]
    if code.endswith("00"):
        return [code[:2] + "0000"]
    return [code[:4] + "00", code[:2] + "0000"]


def _normalise_aliases(raw: str) -> str:
    names = [n.strip() for n in raw.replace("，", "|").replace(",", "|").split("|") if n.strip()]
    return "|" + "|".join(names) + "|" if names else ""


def parse_region_csv(text: str, source: str = "regions.csv") -> list[RegionRow]:
    """Rows of a region CSV: code,name[,level][,parent_code][,short_name][,aliases]."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"code", "name"} - set(reader.fieldnames or [])
    if missing:
        raise RegionImportError([f"{source}：缺少列 {', '.join(sorted(missing))}（第一行应为列名：code,name,level,parent_code）"])
    rows, problems, seen = [], [], set()
    valid_levels = set(RegionLevel.values)
    for line, raw in enumerate(reader, start=2):
        code = (raw.get("code") or "").strip()
        name = (raw.get("name") or "").strip()
        level = (raw.get("level") or "").strip() or (level_from_code(code) if code.isdigit() else "")
        where = f"{source} 第{line}行"
        if not code.isdigit() or len(code) not in (6, 9, 12):
            problems.append(f"{where} code 列：{code!r} 不是 6、9 或 12 位数字区划代码")
            continue
        if not name:
            problems.append(f"{where} name 列：名称为空")
        if level not in valid_levels:
            problems.append(f"{where} level 列：{level!r} 不是 {'/'.join(sorted(valid_levels))} 之一")
        if code in seen:
            problems.append(f"{where} code 列：代码 {code} 重复")
        seen.add(code)
        rows.append(RegionRow(line, code, name, level, (raw.get("parent_code") or "").strip(),
                              (raw.get("short_name") or "").strip(), _normalise_aliases(raw.get("aliases") or "")))
    if problems:
        raise RegionImportError(problems)
    return rows


@transaction.atomic
def load_regions(rows: list[RegionRow], source: str = "regions.csv") -> tuple[int, int]:
    """Create or update the regions of `rows` (all or none); returns (created, updated)."""
    existing = {r.code: r for r in Region.objects.all()}
    known_codes = set(existing) | {row.code for row in rows}
    rows = sorted(rows, key=lambda r: (LEVEL_DEPTH[RegionLevel(r.level)], r.code))
    problems, created, updated = [], 0, 0
    for row in rows:
        parent_code = row.parent_code or next((c for c in parent_candidates(row.code) if c in known_codes), "")
        parent = existing.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            problems.append(f"{source} 第{row.line}行 parent_code 列：上级代码 {parent_code} 不存在")
            continue
        if parent is not None and LEVEL_DEPTH[RegionLevel(parent.level)] >= LEVEL_DEPTH[RegionLevel(row.level)]:
            problems.append(f"{source} 第{row.line}行 level 列：{row.name}（{row.level}）不能隶属于同级或下级区划 {parent.name}")
            continue
        fields = dict(name=row.name, level=row.level, parent=parent, short_name=row.short_name, aliases=row.aliases)
        region = existing.get(row.code)
        if region is None:
            region = Region.objects.create(code=row.code, **fields)
            created += 1
        elif any(getattr(region, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(region, k, v)
            region.save()
            updated += 1
        existing[row.code] = region
    if problems:
        raise RegionImportError(problems)
    return created, updated


def load_region_file(path: str | Path) -> tuple[int, int]:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("gb18030")
    except OSError as exc:
        raise RegionImportError([f"无法读取 {path}：{exc.strerror}"]) from exc
    return load_regions(parse_region_csv(text, path.name), path.name)


def standard_departments() -> list[tuple[str, str]]:
    """(short name, name) of the member units a committee usually has."""
    with STANDARD_DEPARTMENTS.open(encoding="utf-8") as fh:
        return [(row["short_name"], row["name"]) for row in csv.DictReader(fh)]


@transaction.atomic
def ensure_standard_departments(regions) -> int:
    """Give each region the standard member departments it lacks; returns how many were made."""
    made = 0
    catalogue = standard_departments()
    for region in regions:
        have = set(region.departments.values_list("short_name", flat=True))
        new = [Department(region=region, short_name=s, name=n) for s, n in catalogue if s not in have]
        Department.objects.bulk_create(new)
        made += len(new)
    return made


def load_shipped_regions() -> tuple[int, int]:
    """The tree of our users' regions, shipped with the project."""
    return load_region_file(SHIPPED_REGIONS)
