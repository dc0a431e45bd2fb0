import json
import sys

from django.core.management.base import CommandError

from lianggang.cli import DataCommand
from lianggang.plans.models import Plan
from lianggang.plans.services import export_document


class Command(DataCommand):
    help = "把纲要写成 plan/v1 文档 Export plans as plan/v1 JSON"

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--source", help="来源文件名：导出该文件的全部纲要 export every plan of this source file")
        which.add_argument("--plan", type=int, help="纲要编号 plan id")
        parser.add_argument("-o", "--output", default="-", help="输出文件（默认标准输出） output file (default stdout)")

    def handle(self, *args, **options):
        if options["plan"] is not None:
            plans = list(Plan.objects.filter(pk=options["plan"]))
        else:
            plans = list(Plan.objects.filter(source=options["source"]))
        if not plans:
            raise CommandError("没有找到纲要：请用 lianggang plans 查看已有纲要的 id 与来源", returncode=2)
        text = json.dumps(export_document(plans), ensure_ascii=False, indent=2) + "\n"
        if options["output"] == "-":
            sys.stdout.write(text)
        else:
            with open(options["output"], "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"已写出 {len(plans)} 部纲要到 {options['output']}")
