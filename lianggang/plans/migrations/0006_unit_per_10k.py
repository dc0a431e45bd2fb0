"""Targets may be per 10,000 (1/万, older plans: 降至3/万); a plan's source text is the text as read,
which evidence offsets point into (issue 18). Choices and help text only: no schema change."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_indicator_belongs_to_no_plan'),
    ]

    operations = [
        migrations.AlterField(
            model_name='plan',
            name='source_text',
            field=models.TextField(blank=True, help_text='抽取时读出的原文（扫描件为识别出的文字）；目标的证据位置指向此文本', verbose_name='来源文本'),
        ),
        migrations.AlterField(
            model_name='target',
            name='unit',
            field=models.CharField(blank=True, choices=[('%', '%'), ('‰', '‰'), ('1/万', '1/万'), ('1/10万', '1/10万'), ('百分点', '百分点'), ('岁', '岁'), ('年', '年'), ('小时', '小时'), ('分钟', '分钟'), ('名', '名'), ('人', '人'), ('万人', '万人'), ('所', '所'), ('个', '个'), ('张', '张'), ('家', '家'), ('次', '次'), ('元', '元'), ('万元', '万元'), ('ratio', 'ratio'), ('', '（无）')], max_length=10, null=True, verbose_name='单位'),
        ),
    ]
