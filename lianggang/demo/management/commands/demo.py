from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from lianggang.demo.build import build_demo


class Command(BaseCommand):
    help = "建立演示数据库（区划、九部种子纲要、示例数据、各角色账号）并启动服务 Build the demo database and serve it"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只建库，不启动服务 build only")
        parser.add_argument("--fresh", action="store_true", help="先删除本地 SQLite 演示库 start from an empty SQLite file")
        parser.add_argument("--plans", choices=["documents", "gold"], default="documents",
                            help="纲要来源：documents 抽取原文（默认），gold 载入人工校对的 plan/v1 "
                                 "where the plans come from: documents (extract the texts) or gold")
        parser.add_argument("--addrport", default="127.0.0.1:8000",
                            help="开发服务器的地址:端口（默认 127.0.0.1:8000） address:port of the server")

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if options["fresh"] and db["ENGINE"].endswith("sqlite3") and Path(db["NAME"]).exists():
            Path(db["NAME"]).unlink()
        report = build_demo(options["plans"])
        self.stdout.write(f"演示库已建立：{db['NAME']}")
        self.stdout.write(f"纲要 {len(report.plans)} 部：")
        for title in report.plans:
            self.stdout.write(f"  · {title}")
        for note in report.notes:
            self.stdout.write(note)
        self.stdout.write("示例数据仅供演示，非真实统计数据 (sample data for the demo, not real statistics)")
        self.stdout.write("登录账号（密码每次运行 demo 时重新生成）：")
        for role, username, password in report.logins:
            self.stdout.write(f"  {role:<30} 用户名 {username:<10} 密码 {password}")
        if not options["no_serve"]:
            self.stdout.write(f"打开 http://{options['addrport']}/ （管理后台 /admin/；Ctrl+C 停止）")
            from lianggang.jobs.process import start_worker_child
            worker = start_worker_child()      # reports and other long work run in the background
            try:
                call_command("runserver", options["addrport"], use_reloader=False)
            finally:
                worker.terminate()
