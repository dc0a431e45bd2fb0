import json

from django.db.models import Count

from lianggang.cli import DataCommand
from lianggang.plans.models import Plan


class Command(DataCommand):
    help = "列出数据库中的纲要 List the plans in the database"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["table", "json"], default="table",
                            help="输出格式：table 表格（默认）或 json output format: table (default) or json")

    def handle(self, *args, **options):
        plans = (Plan.objects.select_related("region")
                 .annotate(targets=Count("domains__items__targets")).order_by("pk"))
        rows = [{"id": p.pk, "region_code": p.region.code, "region": p.region.name, "subject": p.subject,
                 "title": p.title, "source": p.source, "targets": p.targets} for p in plans]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("数据库中还没有纲要：lianggang import-plan FILE.json")
            return
        for r in rows:
            subject = "妇女" if r["subject"] == "women" else "儿童"
            self.stdout.write(f"{r['id']:>4}  {r['region_code']} {r['region']:<8} {subject}  "
                              f"{r['targets']:>4} 个目标值  {r['title']}  [{r['source']}]")
