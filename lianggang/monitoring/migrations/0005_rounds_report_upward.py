"""A round reports upward (step 1 of the move to one round per region and year): the new fields."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0004_change_labels"),
        ("regions", "0001_region_tree_and_departments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="round", name="round_unique_plan_region_year"),
        migrations.AddField(
            model_name="round", name="upward",
            field=models.CharField(choices=[("not_reported", "未上报"), ("reported", "已上报待接收"),
                                            ("accepted", "上级已接收"), ("returned", "上级已退回")],
                                   default="not_reported", max_length=12, verbose_name="上报状态"),
        ),
        migrations.AddField(model_name="round", name="reported_at",
                            field=models.DateTimeField(blank=True, null=True, verbose_name="上报时间")),
        migrations.AddField(
            model_name="round", name="reported_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="上报人"),
        ),
        migrations.AddField(model_name="round", name="accepted_at",
                            field=models.DateTimeField(blank=True, null=True, verbose_name="上级处理时间")),
        migrations.AddField(
            model_name="round", name="accepted_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="上级处理人"),
        ),
        migrations.AddField(model_name="round", name="upward_comment",
                            field=models.TextField(blank=True, verbose_name="上级意见")),
        migrations.AlterField(
            model_name="consistencyrule", name="kind",
            field=models.CharField(choices=[("sex_sum", "女+男=合计"), ("area_between", "合计介于城镇与乡村之间"),
                                            ("sex_between", "合计介于女性与男性之间"),
                                            ("part_le_whole", "部分不大于整体"), ("yoy_change", "同比变化阈值")],
                                   max_length=20, verbose_name="规则"),
        ),
    ]
