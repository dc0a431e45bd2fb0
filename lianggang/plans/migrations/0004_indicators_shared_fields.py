"""Monitoring indicators become shared by plans and levels (step 1 of 3: the new fields).

Step 2 (monitoring 0006) merges the plans' copies of one quantity into one indicator and the
rounds of one region and year into one; step 3 (plans 0005, monitoring 0007) drops what no
longer applies: an indicator's plan and department, a round's plan."""
import django.db.models.deletion
from django.db import migrations, models

ROLLUP = [("none", "不能由下级汇总"), ("sum", "下级之和"), ("ratio", "分子之和 ÷ 分母之和")]


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0003_indicator_unit_of_values"),
        ("regions", "0001_region_tree_and_departments"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="indicator",
            options={"ordering": ["name", "pk"], "verbose_name": "监测指标", "verbose_name_plural": "监测指标"},
        ),
        migrations.RemoveConstraint(model_name="indicator", name="indicator_unique_name_in_plan"),
        migrations.AddField(
            model_name="indicator", name="owner",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="own_indicators", to="regions.region", verbose_name="所属区划",
                                    help_text="地方自设指标所属的区划；国家标准指标为空"),
        ),
        migrations.AddField(model_name="indicator", name="method",
                            field=models.TextField(blank=True, verbose_name="计算方法")),
        migrations.AddField(model_name="indicator", name="rollup",
                            field=models.CharField(choices=ROLLUP, default="none", max_length=10,
                                                   verbose_name="汇总方法")),
        migrations.AddField(
            model_name="indicator", name="numerator",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="plans.indicator", verbose_name="分子指标"),
        ),
        migrations.AddField(
            model_name="indicator", name="denominator",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="plans.indicator", verbose_name="分母指标"),
        ),
        migrations.AddField(
            model_name="indicator", name="scale",
            field=models.DecimalField(blank=True, decimal_places=0, max_digits=12, null=True, verbose_name="倍数",
                                      help_text="比率 = 分子 ÷ 分母 × 倍数，如 100000"),
        ),
        migrations.AddIndex(model_name="indicator", index=models.Index(fields=["name"], name="indicator_name")),
        migrations.AddField(model_name="standardindicator", name="method",
                            field=models.TextField(blank=True, verbose_name="计算方法")),
        migrations.AddField(model_name="standardindicator", name="data_source",
                            field=models.CharField(blank=True, max_length=200, verbose_name="数据来源")),
        migrations.AddField(model_name="standardindicator", name="rollup",
                            field=models.CharField(choices=ROLLUP, default="none", max_length=10,
                                                   verbose_name="汇总方法")),
        migrations.AddField(model_name="standardindicator", name="numerator",
                            field=models.CharField(blank=True, max_length=100, verbose_name="分子")),
        migrations.AddField(model_name="standardindicator", name="denominator",
                            field=models.CharField(blank=True, max_length=100, verbose_name="分母")),
        migrations.AddField(
            model_name="standardindicator", name="scale",
            field=models.DecimalField(blank=True, decimal_places=0, max_digits=12, null=True, verbose_name="倍数",
                                      help_text="比率 = 分子 ÷ 分母 × 倍数，如 100000"),
        ),
        migrations.AddField(
            model_name="target", name="indicator_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="纲要中的指标名称",
                                   help_text="纲要原文的写法（与监测指标名称不同时）；导出时原样写回"),
        ),
    ]
