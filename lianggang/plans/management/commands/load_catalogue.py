
from lianggang.cli import DataCommand
from lianggang.plans.services import load_catalogue


class Command(DataCommand):
    help = "载入标准监测指标目录 Load the catalogue of standard indicator names"

    def handle(self, *args, **options):
        self.stdout.write(f"标准指标：{load_catalogue()} 个")
