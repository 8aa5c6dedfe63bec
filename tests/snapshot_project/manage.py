#!/usr/bin/env python
"""The project tests/test_runner.py runs ``manage.py test`` in, from a temporary copy."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "snapproject.settings")
    # The fixture's tests check that --parallel ran them in other processes.
    os.environ["SNAPPROJ_MAIN_PID"] = str(os.getpid())
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
