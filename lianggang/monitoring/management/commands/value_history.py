"""lianggang value-history --user NAME [--value ID | --round ID] [--output FILE.csv]"""
import io

from lianggang.accounts.permissions import Action, require
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand, Refused


class Command(MonitoringCommand):
    help = "把数据的修改记录（何人、何时、原值、新值、原因）写成 CSV Write the change history of values (who, when, old, new, why) as CSV"

    def add_options(self, parser):
        parser.add_argument("--value", help="数据编号：只写此项数据的修改记录 value id: the history of this value")
        parser.add_argument("--round", help="年度监测编号：写该年度监测全部数据的修改记录 round id: the history of every value of the round")
        parser.add_argument("--output", help="CSV 文件（默认：标准输出） CSV file (default stdout)")

    def act(self, **o):
        from lianggang.monitoring.models import Value
        user = self.user(o["user"])
        if o["value"]:
            v = self.value(o["value"])
            require(user, Action.VIEW_VALUE, v)
            values = Value.objects.filter(pk=v.pk)
        elif o["round"]:
            rnd = self.round(o["round"])
            values = Value.objects.filter(region=rnd.region, year=rnd.year)
        else:
            raise Refused("请给出 --value 或 --round")
        if o["output"]:
            try:
                with open(o["output"], "w", encoding="utf-8-sig", newline="") as f:
                    n = services.write_history_csv(user, values, f)
            except OSError as e:
                raise Refused(f"不能写入 {o['output']}：{e.strerror}")
            self.stderr.write(f"已写出 {n} 条修改记录到 {o['output']}")
        else:
            buf = io.StringIO()
            services.write_history_csv(user, values, buf)
            self.stdout.write(buf.getvalue(), ending="")
