"""lianggang validation-rules: the named rules and the rules declared per indicator."""
from lianggang.monitoring import rules
from lianggang.monitoring.commandline import MonitoringCommand


class Command(MonitoringCommand):
    help = "列出校验规则：内置规则和各指标声明的一致性规则 List the validation rules: built-in named rules and declared consistency rules"
    needs_user = False

    def act(self, **o):
        from lianggang.monitoring.models import ConsistencyRule
        self.table(["代码", "级别", "适用", "提示"],
                   [[r.code, "错误" if r.severity == rules.ERROR else "提示", r.applies_to, r.message]
                    for r in rules.RULES.values()])
        declared = ConsistencyRule.objects.select_related("indicator", "whole").filter(active=True)
        if declared:
            self.stdout.write("")
            self.table(["编号", "指标", "规则", "整体指标", "阈值"],
                       [[c.pk, c.indicator.name, c.get_kind_display(), c.whole.name if c.whole else "",
                         c.threshold if c.threshold is not None else ""] for c in declared])
