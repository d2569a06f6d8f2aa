"""Reading the environment: a ``.env`` file, and variables whose empty value means the default.

``.env.example`` lists every variable with an empty value where the default is fine, so an
empty value must never become a value (an empty ``MEDIA_ROOT`` would be the current folder).
The helpers here return the default for a variable that is unset or blank.

``load_env_file()`` is called by the entry points (``manage.py``, ``settings/wsgi.py``,
``gunicorn.conf.py``), never by the settings themselves, so the test suite is not changed by
a developer's ``.env``. Variables already in the environment win over the file.
"""

import os
from pathlib import Path

from dotenv import load_dotenv

PROJECT_DIR = Path(__file__).resolve().parent.parent
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def load_env_file() -> Path | None:
    """Read ``DJANGO_ENV_FILE`` (default: ``.env`` in the project folder) into ``os.environ``."""
    path = Path(os.environ.get("DJANGO_ENV_FILE", "").strip() or PROJECT_DIR / ".env")
    if not path.is_file():
        return None
    load_dotenv(path, override=False)
    return path


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name).lower()
    if not value:
        return default
    if value not in TRUE | FALSE:
        raise ValueError(f"{name} must be true or false, not {value!r}")
    return value in TRUE


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    return int(value) if value else default


def env_float(name: str, default: float) -> float:
    value = env_str(name)
    return float(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    return Path(env_str(name) or default)
