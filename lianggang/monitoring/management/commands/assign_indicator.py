"""lianggang assign-indicator --round ID --indicator NAME|ID (--department SHORT | --nobody) --user NAME"""
from lianggang.monitoring import services
from lianggang.monitoring.commandline import MonitoringCommand, Refused


class Command(MonitoringCommand):
    help = ("指定本次年度监测中由哪个成员单位填报某项指标（或取消分配） "
            "Make a member department owe an indicator in a round (or nobody)")

    def add_options(self, parser):
        parser.add_argument("--round", required=True, help="年度监测编号 monitoring round id")
        parser.add_argument("--indicator", required=True, help="指标名称或编号 indicator name or id")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--department", help="成员单位（名称或简称） member department (name or short name)")
        who.add_argument("--nobody", action="store_true", help="取消分配（尚无数据时） owed by nobody (while it has no values)")

    def act(self, **o):
        user, rnd = self.user(o["user"]), self.round(o["round"])
        text = str(o["indicator"]).strip()
        from lianggang.plans.models import Indicator
        indicators = services.round_indicators(rnd)
        indicator = (indicators.filter(pk=int(text)).first() if text.isdigit() else None) or \
            indicators.filter(name=text).first() or Indicator.objects.filter(name=text).first()
        if indicator is None:
            raise Refused(f"{rnd}中没有指标“{text}”")
        if o["nobody"]:
            services.unassign_indicator(user, rnd, indicator)
            self.stdout.write(f"已取消分配：{indicator.name}（{rnd}）")
            return
        department = self.department(rnd, o["department"])
        services.assign_indicator(user, rnd, indicator, department)
        self.stdout.write(f"{indicator.name} 由 {department.name} 填报（{rnd}）")
