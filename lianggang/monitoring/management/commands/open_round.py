"""lianggang open-round --region CODE --year YEAR [--deadline DATE] --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand, Refused


class Command(MonitoringCommand):
    help = ("为区划开启某年的年度监测（本级及上级纲要的全部指标），并列出尚无责任单位的指标 "
            "Open a region's monitoring round for a year (every indicator of its plans and those above); "
            "lists indicators nobody owes yet")

    def add_options(self, parser):
        parser.add_argument("--region", required=True, help="区划代码（GB/T 2260） region code (GB/T 2260)")
        parser.add_argument("--year", required=True, type=int, help="监测年度 year monitored")
        parser.add_argument("--deadline", help="填报截止日期 YYYY-MM-DD（默认：未定） deadline for submissions (default: none)")

    def act(self, **o):
        from lianggang.regions.models import Region
        user = self.user(o["user"])
        region = Region.objects.filter(code=o["region"]).first()
        if region is None:
            raise Refused(f"没有区划代码 {o['region']}")
        rnd = services.open_round(user, region, o["year"], self.date(o["deadline"]))
        self.stdout.write(f"已开启年度监测 {rnd.pk}：{rnd}，填报任务 {rnd.obligations.count()} 项")
        missing = services.unassigned_indicators(rnd)
        if missing:
            self.stdout.write("以下指标没有责任单位，请工委办分配：")
            for ind in missing:
                self.stdout.write(f"  {ind.pk}  {ind.name}")
