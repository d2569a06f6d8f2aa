"""One app-server process using a rate limit, run by tests/core/test_rate_limits.py.

``python tests/core/rate_limit_worker.py NAME LIMIT WINDOW ADDRESS N`` tries N hits for
ADDRESS through ``RateLimit.allow`` in a process of its own (its own local-memory cache, as a
gunicorn worker or a restarted server has), against the database in ``DATABASE_URL``, and
prints how many were allowed. ``... create`` makes the table in an empty SQLite file (the
test suite's own SQLite database lives in its memory, out of reach of another process).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402

from core.form_guard import RateLimit  # noqa: E402
from core.models import RateLimitHit  # noqa: E402

if sys.argv[1:] == ["create"]:
    with connection.schema_editor() as editor:
        editor.create_model(RateLimitHit)
    sys.exit()

name, limit, window, address, tries = sys.argv[1:]
rate_limit = RateLimit(name, int(limit), int(window))
print(sum(rate_limit.allow(address) for _ in range(int(tries))))  # noqa: T201
