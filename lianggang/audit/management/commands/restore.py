from django.core.management.base import CommandError

from lianggang.audit.backup import BackupError, restore
from lianggang.cli import DataCommand


class Command(DataCommand):
    help = ("用备份文件替换数据库的全部内容（lianggang backup 所写） "
            "Replace the database's contents with a backup made by lianggang backup")

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件 the backup file")
        parser.add_argument("--yes", action="store_true",
                            help="确认替换现有数据（数据库非空时必需） confirm replacing existing data")

    def handle(self, *args, **options):
        from django.db import connection
        tables = connection.introspection.table_names()
        if tables and not options["yes"]:
            raise CommandError("数据库中已有数据：恢复将替换全部现有数据，确认请加 --yes", returncode=2)
        try:
            restore(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2)
        self.stdout.write(f"已从 {options['file']} 恢复数据库")
