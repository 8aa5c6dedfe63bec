#!/usr/bin/env python
"""Django's command-line utility for the djust-testing example project."""

import os
import sys


def main() -> None:
    # Run from this folder, so `manage.py test` finds this project's tests
    # wherever it is called from. The script's path is made absolute first:
    # runserver's autoreloader restarts the process with it.
    sys.argv[0] = os.path.abspath(sys.argv[0])
    os.chdir(os.path.dirname(sys.argv[0]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
