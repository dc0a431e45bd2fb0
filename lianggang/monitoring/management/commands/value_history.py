"""lianggang value-history --user NAME [--value ID | --round ID] [--output FILE.csv]"""
import io

from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand, Refused


class Command(MonitoringCommand):
    help = "Write the change history of values (who, when, old, new, why) as CSV."

    def add_options(self, parser):
        parser.add_argument("--value")
        parser.add_argument("--round")
        parser.add_argument("--output", help="CSV file (default stdout)")

    def act(self, **o):
        from lianggang.monitoring.models import Value
        user = self.user(o["user"])
        if o["value"]:
            v = self.value(o["value"])
            services.require(user, "value.view", v)
            values = Value.objects.filter(pk=v.pk)
        elif o["round"]:
            rnd = self.round(o["round"])
            values = Value.objects.filter(region=rnd.region, year=rnd.year, indicator__plan=rnd.plan)
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
