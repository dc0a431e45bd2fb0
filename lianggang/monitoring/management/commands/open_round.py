"""lianggang open-round --plan ID --region CODE --year YEAR [--deadline DATE] --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand, Refused


class Command(MonitoringCommand):
    help = "Open a year's monitoring round for a plan and region; lists indicators nobody owes yet."

    def add_options(self, parser):
        parser.add_argument("--plan", required=True)
        parser.add_argument("--region", required=True, help="GB/T 2260 code")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--deadline", help="YYYY-MM-DD")

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
