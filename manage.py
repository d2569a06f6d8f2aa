#!/usr/bin/env python
import os
import sys

from settings.environment import load_env_file

if __name__ == "__main__":
    # .env (or DJANGO_ENV_FILE) first: it may choose the settings module too.
    load_env_file()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
