"""lianggang reopen-value --value ID --reason TEXT --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand


class Command(MonitoringCommand):
    help = "Reopen one approved (locked) value for correction; the reason is recorded."

    def add_options(self, parser):
        parser.add_argument("--value", required=True)
        parser.add_argument("--reason", required=True)

    def act(self, **o):
        v = services.reopen_value(self.user(o["user"]), self.value(o["value"]), o["reason"])
        self.stdout.write(f"已重新开放：{v}")
