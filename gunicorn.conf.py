"""gunicorn's settings for every environment; each can be overridden from the environment.

Run as `gunicorn settings.wsgi` from the project folder (gunicorn reads this file by itself), or
`make serve` on one machine. Behind a load balancer, one of these runs on each app server.
"""

import json
import multiprocessing
import os

# gunicorn puts the project folder on sys.path before it reads this file.
from settings.environment import env_int, env_str, load_env_file

# Read .env here too: the address and workers are decided before the application loads.
load_env_file()

bind = env_str("GUNICORN_BIND", f"{env_str('HOST', '127.0.0.1')}:{env_str('PORT', '8000')}")
# Sync workers: page rendering is CPU-bound, and a slow client is the load balancer's problem.
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = env_int("GUNICORN_THREADS", 1)
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that a slow leak never takes a server down.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Trust X-Forwarded-* only from the load balancer's addresses.
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# One JSON object a line on standard output, like the application's own logs.
accesslog = "-"
errorlog = "-"
loglevel = env_str("LOG_LEVEL", "info").lower()
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "level": "INFO",
        "logger": "gunicorn.access",
        "remote": "%({x-forwarded-for}i)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "query": "%(q)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "user_agent": "%(a)s",
        "process": "%(p)s",
    }
)
