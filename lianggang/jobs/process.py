"""Start `lianggang worker` as a child of a server process (serve, the demo): it exits by itself when
the server is gone, so a small office runs one command and no other service."""
from __future__ import annotations

import os
import subprocess
import sys


def start_worker_child() -> subprocess.Popen:
    """A worker process that follows this one: `--parent` makes it exit when our pid goes away
    (serve replaces itself by gunicorn with exec, which keeps the pid)."""
    return subprocess.Popen([sys.executable, "-m", "lianggang", "worker", "--parent", str(os.getpid())],
                            env=os.environ.copy())
