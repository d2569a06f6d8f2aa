"""The production gunicorn settings, as benchmarked: no access log, no worker recycling mid-run."""

import runpy
from pathlib import Path

globals().update(
    {
        name: value
        for name, value in runpy.run_path(
            str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")
        ).items()
        if not name.startswith("__")
    }
)
accesslog = None
max_requests = 0
max_requests_jitter = 0
