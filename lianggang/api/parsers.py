"""The API's JSON parser: numbers kept exact, and bodies no value could come from refused as 400.

Python's json turns 1e400 into inf, accepts NaN and Infinity, stops at 4,300-digit integers with a
ValueError and at deep nesting with a RecursionError (a traceback and a 500). Here floats are read as
Decimal (so the one value check, monitoring.rules, sees the number as written and refuses it with
the cell named), NaN/Infinity are refused, and nesting deeper than any API body is refused."""
from __future__ import annotations

import codecs
import json
from decimal import Decimal

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_INT_DIGITS = 30      # longer integers are read as Decimal: the value check refuses them by size


def _int(text: str) -> int | Decimal:
    return int(text) if len(text) <= MAX_INT_DIGITS else Decimal(text)


def _constant(name: str):
    raise ParseError(f"JSON 中不能使用 {name}（不是数字）")


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            return json.loads(text, parse_float=Decimal, parse_int=_int, parse_constant=_constant)
        except RecursionError:
            raise ParseError("JSON 嵌套层数过深") from None
        except ParseError:
            raise
        except ValueError as exc:
            raise ParseError(f"JSON 格式错误：{exc}") from None
