from django.core.management.base import CommandError

from lianggang.audit.backup import BackupError, backup
from lianggang.cli import DataCommand


class Command(DataCommand):
    help = ("备份整个数据库（PostgreSQL 用 pg_dump，SQLite 用在线备份）到一个文件 "
            "Back up the whole database to a file (pg_dump, or SQLite's online backup)")

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件 the backup file to write")

    def handle(self, *args, **options):
        try:
            size = backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2)
        self.stdout.write(f"已备份到 {options['file']}（{size / 1024 / 1024:.1f} MB）")
