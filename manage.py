#!/usr/bin/env python
"""Django's manage.py; `lianggang` is the same with hyphenated command names."""
from lianggang.cli import main

if __name__ == "__main__":
    main()
