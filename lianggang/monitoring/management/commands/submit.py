"""lianggang submit --round ID --department SHORT --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand


class Command(MonitoringCommand):
    help = "Submit a department's values of a round (validation runs; errors and unexplained warnings refuse)."

    def add_options(self, parser):
        parser.add_argument("--round", required=True)
        parser.add_argument("--department", required=True, help="short name, e.g. 卫健")

    def act(self, **o):
        user, rnd = self.user(o["user"]), self.round(o["round"])
        sub = services.submission_for(rnd, self.department(rnd, o["department"]))
        warnings = services.submit(user, sub)
        self.stdout.write(f"已报送：{sub}" + (f"（{len(warnings)} 条提示已说明）" if warnings else ""))
