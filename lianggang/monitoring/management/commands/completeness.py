"""lianggang completeness --round ID [--date YYYY-MM-DD]"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand


class Command(MonitoringCommand):
    help = ("年度监测各成员单位的完成情况：应报、已填、已报送、已审核及是否逾期 "
            "Per department of a round: owed, entered, submitted, approved, and who is late")
    needs_user = False

    def add_options(self, parser):
        parser.add_argument("--round", required=True, help="年度监测编号 monitoring round id")
        parser.add_argument("--date", help="按此日期（YYYY-MM-DD）判断是否逾期（默认今天） judge lateness on this day (default today)")

    def act(self, **o):
        rnd = self.round(o["round"])
        rows = services.completeness(rnd, self.date(o["date"]))
        self.stdout.write(f"{rnd}  截止：{rnd.deadline or '未定'}")
        self.table(["成员单位", "应报", "已填", "已报送", "已审核", "状态", "逾期"],
                   [[r.department.short_name, r.owed, r.entered, r.submitted, r.approved, r.state,
                     "逾期" if r.late else ""] for r in rows])
        missing = services.unassigned_indicators(rnd)
        if missing:
            self.stdout.write("未分配责任单位的指标：" + "、".join(i.name for i in missing))
