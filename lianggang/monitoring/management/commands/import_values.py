"""lianggang import-values FILE.xlsx --user NAME   (a round's tidy CSV: add --round ID [--department 卫健委])"""
from pathlib import Path

from lianggang.monitoring.commandline import MonitoringCommand, Refused
from lianggang.monitoring.management.commands.load_values import refuse_with_report
from lianggang.monitoring.tabular import Refused as FileRefused


class Command(MonitoringCommand):
    help = "导入填好的 Excel 填报表（或本次监测的 CSV）：全部成功或全部不导入，并列出每处问题 Import a filled form."

    def add_options(self, parser):
        parser.add_argument("file", help="填好的 Excel 填报表或 CSV 文件 the filled Excel form or CSV file")
        parser.add_argument("--round",
                            help="CSV 文件所属的年度监测编号（Excel 填报表自带） round id of a CSV file (an Excel form carries its own)")
        parser.add_argument("--department",
                            help="CSV 文件所属的成员单位（默认：用户所在单位） department of a CSV file (default: the user's own)")
        parser.add_argument("--report", help="被拒绝时把问题清单写成 CSV write the list of problems as CSV when refused")

    def act(self, **o):
        from lianggang.monitoring.excel import import_values
        user = self.user(o["user"])
        rnd = self.round(o["round"]) if o["round"] else None
        dept = self.department(rnd, o["department"]) if rnd and o["department"] else None
        try:
            data = Path(o["file"]).read_bytes()
        except OSError as e:
            raise Refused(f"不能读取 {o['file']}：{e.strerror}")
        try:
            result = import_values(data, user=user, filename=o["file"], round=rnd, department=dept)
        except FileRefused as e:
            refuse_with_report(self, e, o.get("report"))
            return
        self.stdout.write(f"已导入{result.department.name}{result.round.region.name}{result.round.year}年数据："
                          f"保存 {result.entered} 项，未变 {result.unchanged} 项，空白 {result.blank} 项")
