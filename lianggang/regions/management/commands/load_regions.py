from django.core.management.base import CommandError

from lianggang.cli import DataCommand
from lianggang.regions.services import (
    RegionImportError, ensure_standard_departments, load_region_file, load_shipped_regions,
)
from lianggang.regions.models import Region


class Command(DataCommand):
    help = "载入行政区划（CSV：code,name,level,parent_code）；不给文件则载入随附的区划树 Load regions from CSV"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV 文件（UTF-8 或 GB18030）；省略则载入随附区划 "
                                                    "CSV file (UTF-8 or GB18030); without it, the shipped regions")
        parser.add_argument("--with-departments", action="store_true",
                            help="同时为每个区划建立标准成员单位 also create the standard member departments")

    def handle(self, *args, **options):
        try:
            created, updated = load_region_file(options["file"]) if options["file"] else load_shipped_regions()
        except RegionImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"区划未载入（共 {len(exc.problems)} 处问题），请修改文件后重试", returncode=2)
        self.stdout.write(f"区划：新增 {created}，更新 {updated}，共 {Region.objects.count()}")
        if options["with_departments"]:
            made = ensure_standard_departments(Region.objects.all())
            self.stdout.write(f"成员单位：新增 {made}")
