"""lianggang approve --round ID --department SHORT --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand


class Command(MonitoringCommand):
    help = "审核通过成员单位已报送的填报，数据随即锁定 Approve a department's submitted values (they are locked)"

    def add_options(self, parser):
        parser.add_argument("--round", required=True, help="年度监测编号 monitoring round id")
        parser.add_argument("--department", required=True, help="成员单位（名称或简称） member department (name or short name)")

    def act(self, **o):
        user, rnd = self.user(o["user"]), self.round(o["round"])
        sub = services.approve(user, services.submission_for(rnd, self.department(rnd, o["department"])))
        self.stdout.write(f"已审核：{sub}")
