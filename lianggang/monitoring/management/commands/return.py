"""lianggang return --round ID --department SHORT --comment TEXT [--value ID=TEXT ...] --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand, Refused


class Command(MonitoringCommand):
    help = ("把成员单位已报送的填报退回修改，附审核意见和对各项数据的意见 "
            "Return a department's submission for revision, with a comment and remarks per value")

    def add_options(self, parser):
        parser.add_argument("--round", required=True, help="年度监测编号 monitoring round id")
        parser.add_argument("--department", required=True, help="成员单位（名称或简称） member department (name or short name)")
        parser.add_argument("--comment", required=True, help="审核意见（退回原因） the reviewer's comment")
        parser.add_argument("--value", action="append", default=[], metavar="ID=意见",
                            help="对一项数据的意见：数据编号=意见，可重复 a remark on one value; repeatable")

    def act(self, **o):
        user, rnd = self.user(o["user"]), self.round(o["round"])
        per_value = {}
        for item in o["value"]:
            pk, sep, text = item.partition("=")
            if not sep or not text.strip():
                raise Refused(f"--value 应写作 数据编号=意见，而不是“{item}”")
            per_value[self.value(pk)] = text.strip()
        sub = services.submission_for(rnd, self.department(rnd, o["department"]))
        services.return_for_revision(user, sub, o["comment"], per_value)
        self.stdout.write(f"已退回：{sub}")
