import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _run(settings, tmp_path, backend):
    settings.VAR_DIR = tmp_path
    settings.EMAIL_BACKEND = backend
    out = io.StringIO()
    call_command("setup_workbench", url="http://127.0.0.1:8000/", stdout=out)
    return out.getvalue().splitlines()


def test_the_login_and_the_address_close_the_banner(settings, tmp_path):
    lines = _run(settings, tmp_path, "django.core.mail.backends.console.EmailBackend")
    assert lines[-2] == "Syncplan is ready at http://127.0.0.1:8000/"
    assert lines[-1].startswith("Sign in as demo / ")


def test_it_says_emails_go_to_the_console_only_when_no_mail_server_is_set(settings, tmp_path):
    console = _run(settings, tmp_path, "django.core.mail.backends.console.EmailBackend")
    assert any("emails" in line and "print here" in line for line in console)
    smtp = _run(settings, tmp_path, "django.core.mail.backends.smtp.EmailBackend")
    assert not any("print here" in line for line in smtp)
