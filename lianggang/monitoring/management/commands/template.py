"""lianggang template --user NAME --round ID --department 卫健委 -o FILE.xlsx"""
from pathlib import Path

from lianggang.monitoring.commandline import MonitoringCommand, Refused


class Command(MonitoringCommand):
    help = "写出成员单位的 Excel 填报表（含往年数据、数据有效性和隐藏校验键） Write a department's Excel form for a round."

    def add_options(self, parser):
        parser.add_argument("--round", required=True, help="年度监测编号 monitoring round id")
        parser.add_argument("--department", required=True, help="成员单位（名称或简称） member department (name or short name)")
        parser.add_argument("-o", "--output", help="输出文件（默认：<区划><年度>年<单位>填报表.xlsx） output file")

    def act(self, **o):
        from lianggang.monitoring.excel import build_template, template_filename
        user = self.user(o["user"])
        rnd = self.round(o["round"])
        dept = self.department(rnd, o["department"])
        data = build_template(rnd, dept, user=user)
        path = Path(o["output"] or template_filename(rnd, dept))
        try:
            path.write_bytes(data)
        except OSError as e:
            raise Refused(f"不能写入 {path}：{e.strerror}")
        self.stdout.write(f"已写出 {path}（{dept.name}，{rnd.region.name}{rnd.year}年）")
