import json
from pathlib import Path

from django.core.management.base import CommandError

from lianggang.cli import DataCommand
from lianggang.plans.services import OnConflict, PlanConflict, PlanImportError, import_document


class Command(DataCommand):
    help = "载入 plan/v1 文档（或用 --from-document 直接抽取纲要文件）Import a plan/v1 document"

    def add_arguments(self, parser):
        parser.add_argument("file", help="plan/v1 JSON 文件；与 --from-document 合用时为纲要原文（.txt .docx .pdf .html） "
                                         "the plan/v1 file, or with --from-document the plan document")
        parser.add_argument("--region", help="区划代码，覆盖文档中的地区名 region code for every plan in the file")
        parser.add_argument("--from-document", action="store_true",
                            help="先抽取纲要原文再载入 extract the plan document, then import it")
        parser.add_argument("--on-conflict", choices=[OnConflict.REPLACE, OnConflict.KEEP_BOTH],
                            help="已有同一地区、对象、期限的其他来源纲要时：replace 替换它，keep 两部都保留；"
                                 "不指定则不载入并列出冲突 when another document's plan has the same region, "
                                 "subject and period: replace it or keep both (default: refuse)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        source_text = None
        try:
            if options["from_document"]:
                from lianggang.extraction import ExtractionError, extract_file
                try:
                    extraction = extract_file(path)
                except ExtractionError as exc:
                    raise PlanImportError([str(exc)]) from exc
                doc, source_text = extraction.document, extraction.text
            else:
                doc = _read_json(path)
            result = import_document(doc, region_code=options["region"], source_text=source_text,
                                     on_conflict=options["on_conflict"] or OnConflict.ASK)
        except PlanConflict as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError("未载入任何纲要：请用 --on-conflict replace（替换）或 --on-conflict keep（两部都保留）",
                               returncode=2)
        except PlanImportError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(f"未载入任何纲要（{len(exc.problems)} 处问题）", returncode=2)
        for plan in result.plans:
            self.stdout.write(f"[{plan.pk}] {plan.region.code} {plan.title}：{plan.domains.count()} 个领域，"
                              f"{sum(d.items.count() for d in plan.domains.all())} 条目标/措施")
        self.stdout.write(f"新增 {result.created} 部，更新 {result.updated} 部纲要")


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise PlanImportError([f"文件不存在：{path}"])
    except UnicodeDecodeError:
        raise PlanImportError(["不是 UTF-8 编码的 JSON 文件（纲要原文请加 --from-document）"])
    except RecursionError:
        raise PlanImportError(["JSON 嵌套层数过深，不是 plan/v1 文档"])
    except json.JSONDecodeError as exc:
        raise PlanImportError([f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列：{exc.msg}"])
    except ValueError as exc:   # an integer of thousands of digits
        raise PlanImportError([f"JSON 中的数值无法读取：{exc}"])
