"""Settings for the test suite: the project's own, with a fast password hasher.

Every test creates users; PBKDF2 made password hashing most of the suite's CPU time. Subprocesses
the tests start (Celery workers, gunicorn) inherit DJANGO_SETTINGS_MODULE and so this hasher.
"""

from syncplan.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LIVE_VALIDATION = False  # tests that want it (tests/planner/validation/test_live.py) turn it on
