"""lianggang open-round --plan ID --region CODE --year YEAR [--deadline DATE] --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand, Refused


class Command(MonitoringCommand):
    help = ("为纲要和区划开启某年的年度监测，并列出尚无责任单位的指标 "
            "Open a year's monitoring round for a plan and region; lists indicators nobody owes yet")

    def add_options(self, parser):
        parser.add_argument("--plan", required=True, help="纲要编号 plan id (lianggang plans)")
        parser.add_argument("--region", required=True, help="区划代码（GB/T 2260） region code (GB/T 2260)")
        parser.add_argument("--year", required=True, type=int, help="监测年度 year monitored")
        parser.add_argument("--deadline", help="填报截止日期 YYYY-MM-DD（默认：未定） deadline for submissions (default: none)")

    def act(self, **o):
        from lianggang.plans.models import Plan
        from lianggang.regions.models import Region
        user = self.user(o["user"])
        plan = Plan.objects.filter(pk=o["plan"]).first() if str(o["plan"]).isdigit() else None
        if plan is None:
            raise Refused(f"没有编号为 {o['plan']} 的纲要")
        region = Region.objects.filter(code=o["region"]).first()
        if region is None:
            raise Refused(f"没有区划代码 {o['region']}")
        rnd = services.open_round(user, plan, region, o["year"], self.date(o["deadline"]))
        self.stdout.write(f"已开启年度监测 {rnd.pk}：{rnd}，填报任务 {rnd.obligations.count()} 项")
        missing = services.unassigned_indicators(rnd)
        if missing:
            self.stdout.write("以下指标没有责任单位，请工委办分配：")
            for ind in missing:
                self.stdout.write(f"  {ind.pk}  {ind.name}")
