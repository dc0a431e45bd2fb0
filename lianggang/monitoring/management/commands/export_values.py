"""lianggang export-values --plan ID --region CODE [--subtree] [--years 2020-2025] --format csv|xlsx|dhis2|sdmx -o FILE [--user NAME]"""
import re

from lianggang.monitoring.commandline import MonitoringCommand, Refused


class Command(MonitoringCommand):
    help = ("导出纲要在某区划（及下级区划）的数据，格式即 load-values 读入的格式 "
            "Export a plan's values of a region (and below) in the tidy form load-values reads")
    needs_user = False

    def add_options(self, parser):
        parser.add_argument("--plan", required=True, help="纲要编号 plan id (lianggang plans)")
        parser.add_argument("--region", required=True, help="区划代码（GB/T 2260） region code (GB/T 2260)")
        parser.add_argument("--subtree", action="store_true", help="包括全部下级区划 include every region below")
        parser.add_argument("--years",
                            help="年度或年度范围，如 2020-2025 或 2023（默认：全部年度） "
                                 "a year or range, e.g. 2020-2025 or 2023 (default: all)")
        parser.add_argument("--format", choices=["csv", "xlsx", "dhis2", "sdmx"],
                            help="文件格式：csv、xlsx，或交换格式 dhis2（dataValueSets JSON）、sdmx（SDMX-CSV）"
                                 "（默认：按输出文件的扩展名） file format: csv, xlsx, or for exchange dhis2 "
                                 "(dataValueSets JSON), sdmx (SDMX-CSV) (default: from the file name)")
        parser.add_argument("-o", "--output", required=True, help="输出文件 output file")
        parser.add_argument("--user", help="只导出此用户可查看的数据（默认：全部） export only what this user may see (default: all)")

    def act(self, **o):
        from lianggang.monitoring.bulk import export_rows
        from lianggang.monitoring.tabular import write_csv, write_xlsx
        from lianggang.plans.models import Plan
        from lianggang.regions.models import Region
        plan = Plan.objects.filter(pk=o["plan"]).first() if str(o["plan"]).isdigit() else None
        if plan is None:
            raise Refused(f"没有编号为 {o['plan']} 的纲要")
        region = Region.objects.filter(code=o["region"]).first()
        if region is None:
            raise Refused(f"没有区划代码 {o['region']}")
        years = None
        if o["years"]:
            m = re.fullmatch(r"(\d{4})(?:\s*[-–—~]\s*(\d{4}))?", o["years"].strip())
            if not m:
                raise Refused(f"年度“{o['years']}”应写作 2020-2025 或 2023")
            years = (int(m[1]), int(m[2] or m[1]))
            if years[0] > years[1]:
                raise Refused(f"年度范围“{o['years']}”起止颠倒")
        user = self.user(o["user"]) if o["user"] else None
        fmt = o["format"] or ("xlsx" if o["output"].lower().endswith(".xlsx") else
                              "dhis2" if o["output"].lower().endswith(".json") else "csv")
        rows = export_rows(plan, region, subtree=o["subtree"], years=years, user=user)
        try:
            if fmt in ("dhis2", "sdmx"):
                from lianggang.monitoring.exchange import export_exchange
                data, n = export_exchange(plan, rows, fmt)
                with open(o["output"], "wb") as f:
                    f.write(data)
            elif fmt == "xlsx":
                n = write_xlsx(rows, o["output"])
            else:
                with open(o["output"], "w", encoding="utf-8-sig", newline="") as f:
                    n = write_csv(rows, f)
        except OSError as e:
            raise Refused(f"不能写入 {o['output']}：{e.strerror}")
        self.stdout.write(f"已导出 {n} 条数据到 {o['output']}")
