"""lianggang reopen-value --value ID --reason TEXT --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand


class Command(MonitoringCommand):
    help = "重新打开一项已审核（锁定）的数据以便更正，并记录原因 Reopen one approved (locked) value for correction; the reason is recorded"

    def add_options(self, parser):
        parser.add_argument("--value", required=True, help="数据编号 value id")
        parser.add_argument("--reason", required=True, help="重新打开的原因，记入修改记录 why, recorded in the history")

    def act(self, **o):
        v = services.reopen_value(self.user(o["user"]), self.value(o["value"]), o["reason"])
        self.stdout.write(f"已重新开放：{v}")
