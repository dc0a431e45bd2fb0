"""lianggang submit --round ID --department SHORT --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand


class Command(MonitoringCommand):
    help = ("报送成员单位的填报（先校验：有错误或未说明的提示则不予报送） "
            "Submit a department's values of a round (validation runs; errors and unexplained warnings refuse)")

    def add_options(self, parser):
        parser.add_argument("--round", required=True, help="年度监测编号 monitoring round id")
        parser.add_argument("--department", required=True,
                            help="成员单位简称（或名称），如 卫健 member department's short name (or name), e.g. 卫健")

    def act(self, **o):
        user, rnd = self.user(o["user"]), self.round(o["round"])
        sub = services.submission_for(rnd, self.department(rnd, o["department"]))
        warnings = services.submit(user, sub)
        self.stdout.write(f"已报送：{sub}" + (f"（{len(warnings)} 条提示已说明）" if warnings else ""))
