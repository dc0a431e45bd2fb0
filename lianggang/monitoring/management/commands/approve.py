"""lianggang approve --round ID --department SHORT --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand


class Command(MonitoringCommand):
    help = "Approve a department's submitted values (they are locked)."

    def add_options(self, parser):
        parser.add_argument("--round", required=True)
        parser.add_argument("--department", required=True)

    def act(self, **o):
        user, rnd = self.user(o["user"]), self.round(o["round"])
        sub = services.approve(user, services.submission_for(rnd, self.department(rnd, o["department"])))
        self.stdout.write(f"已审核：{sub}")
