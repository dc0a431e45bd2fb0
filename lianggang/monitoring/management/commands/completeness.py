"""lianggang completeness --round ID [--date YYYY-MM-DD]"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand


class Command(MonitoringCommand):
    help = "Per department of a round: owed, entered, submitted, approved, and who is late."
    needs_user = False

    def add_options(self, parser):
        parser.add_argument("--round", required=True)
        parser.add_argument("--date", help="judge lateness on this day (default today)")

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
