"""lianggang load-values FILE.csv --plan ID --user NAME [--format tidy|dhis2|sdmx] [--state approved] [--report REPORT.csv]"""
from pathlib import Path

from lianggang.monitoring.commandline import MonitoringCommand, Refused
from lianggang.monitoring.tabular import Refused as FileRefused, write_report, write_report_csv


class Command(MonitoringCommand):
    help = ("批量导入多区划、多单位的 CSV/xlsx 数据：全部导入或全部不导入，并逐行列出问题 "
            "Bulk-load a tidy CSV/xlsx of values (many regions and departments); all rows or none, with a row report")

    def add_options(self, parser):
        parser.add_argument("file", help="CSV 或 xlsx 数据文件 the CSV or xlsx file of values")
        parser.add_argument("--plan", required=True, help="纲要编号 plan id (lianggang plans)")
        parser.add_argument("--format", choices=["tidy", "dhis2", "sdmx"],
                            help="文件格式：tidy（本系统的 CSV/xlsx）、dhis2（dataValueSets JSON）、sdmx（SDMX-CSV）"
                                 "（默认：.json 为 dhis2，其余为 tidy） file format: tidy (our CSV/xlsx), dhis2 "
                                 "(dataValueSets JSON), sdmx (SDMX-CSV) (default: dhis2 for .json, else tidy)")
        parser.add_argument("--state", default="draft", choices=["draft", "approved"],
                            help="导入后数据的状态：draft 草稿（默认）或 approved 已审核 "
                                 "state of the loaded values: draft (default) or approved")
        parser.add_argument("--reason", default="",
                            help="原因，记入每项数据的修改记录（默认：批量导入 <表名>） reason recorded in every value's history")
        parser.add_argument("--overwrite-approved", action="store_true",
                            help="与 --state approved 及 --reason 合用：覆盖已审核锁定的数据（原因记入修改记录和操作日志） "
                                 "with --state approved and --reason: overwrite approved (locked) values")
        parser.add_argument("--report", help="被拒绝时把完整问题清单写成此 CSV 文件 write the refusal report as CSV to this file")

    def act(self, **o):
        from lianggang.monitoring.bulk import load_table, load_values
        from lianggang.monitoring.exchange import format_of, read_exchange
        from lianggang.plans.models import Plan
        user = self.user(o["user"])
        if o["overwrite_approved"] and (o["state"] != "approved" or not o["reason"].strip()):
            raise Refused("--overwrite-approved 须与 --state approved 和 --reason 原因 一起使用")
        plan = Plan.objects.select_related("region").filter(pk=o["plan"]).first() if str(o["plan"]).isdigit() else None
        if plan is None:
            raise Refused(f"没有编号为 {o['plan']} 的纲要")
        try:
            data = Path(o["file"]).read_bytes()
        except OSError as e:
            raise Refused(f"不能读取 {o['file']}：{e.strerror}")
        fmt = format_of(o["file"], o["format"])
        try:
            if fmt == "tidy":
                result = load_values(user, plan, o["file"], data, state=o["state"], reason=o["reason"],
                                     overwrite_approved=o["overwrite_approved"])
            else:
                result = load_table(user, plan, read_exchange(fmt, o["file"], data, plan), state=o["state"],
                                    reason=o["reason"], overwrite_approved=o["overwrite_approved"])
        except FileRefused as e:
            refuse_with_report(self, e, o.get("report"))
            return
        self.stdout.write(f"已导入 {result.rows} 条数据（新增 {result.created}，更新 {result.updated}），"
                          f"状态：{'已审核' if o['state'] == 'approved' else '草稿'}")


def refuse_with_report(command, e: FileRefused, report_path: str | None) -> None:
    """Print the report (first 200 rows; all of them to --report) and exit 2."""
    command.stderr.write(f"{e.summary}：")
    write_report(e.problems, command.stderr, limit=200)
    if report_path:
        with open(report_path, "w", encoding="utf-8-sig", newline="") as f:
            write_report_csv(e.problems, f)
        command.stderr.write(f"完整报告已写入 {report_path}")
    raise Refused(e.summary)
