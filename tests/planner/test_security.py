"""Security defaults: headers, production settings, sign-in rate limit, upload limit, passwords,
no secrets in the repository."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import UserFactory

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"  # the factories' password


def _csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_carry_a_strict_content_security_policy_and_security_headers(client, db, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    response = client.get("/" if signed_in else "/login/")

    assert response.status_code == 200
    csp = _csp(response)
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_htmx_configuration_forbids_eval_and_injected_styles(client, db):
    body = client.get("/login/").content.decode()

    config = json.loads(re.search(r"name=\"htmx-config\" content='([^']+)'", body).group(1))
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False
    assert "<script>" not in body and " style=" not in body


def _run_with(env_overrides, code):
    # A clean deployment environment: none of the test run's own switches.
    dropped = {"DEBUG", "HTTPS_ONLY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, *code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


PRODUCTION = {
    "DEBUG": "false",
    "HTTPS_ONLY": "true",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "plans.example.com",
    "STATIC_MANIFEST": "true",
}

SECURITY_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({n: getattr(s, n, None) for n in ['SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
    "'SECURE_PROXY_SSL_HEADER', 'SECURE_REDIRECT_EXEMPT']}))"
)


def test_the_deploy_check_passes_with_production_settings():
    result = _run_with(PRODUCTION, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_production_settings_force_https_with_secure_cookies_and_hsts():
    result = _run_with(
        {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "syncplan.settings"}, ["-c", SECURITY_SETTINGS]
    )

    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_development_settings_serve_plain_http():
    result = _run_with(
        {"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "syncplan.settings"}, ["-c", SECURITY_SETTINGS]
    )

    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert not values["SESSION_COOKIE_SECURE"]
    assert not values["SECURE_SSL_REDIRECT"]


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "syncplan.settings"}
    del env["SECRET_KEY"]
    code = "import os, django; os.environ.pop('SECRET_KEY', None); django.setup()"

    result = _run_with(env, ["-c", code])

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _sign_in(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_repeated_failed_sign_ins_lock_the_account_from_that_address(client, db, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, user.username, "wrong-password").status_code == 200

    locked = _sign_in(client, user.username, "wrong-password")
    still_locked = _sign_in(client, user.username, PASSWORD)  # even the right password

    for response in (locked, still_locked):
        assert response.status_code == 429
        assert "Too many failed sign-in attempts" in response.content.decode()
        assert "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_block_the_same_user_elsewhere_or_other_users(client, db, settings):
    user, colleague = UserFactory(), UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, user.username, "wrong-password")

    assert _sign_in(client, colleague.username, PASSWORD).status_code == 302
    client.logout()
    assert _sign_in(client, user.username, PASSWORD, address="10.0.0.9").status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(client, db, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, user.username, "wrong-password")
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, user.username, "wrong-password").status_code == 200


def test_an_upload_over_the_limit_gets_a_clear_413(member_client, settings):
    too_big = SimpleUploadedFile("schema.xlsx", b"x" * (settings.UPLOAD_MAX_BYTES + 2 * 2**20))

    response = member_client.post("/plans/new/", {"name": "Big", "file": too_big})

    assert response.status_code == 413
    body = response.content.decode()
    assert "Upload too large" in body
    assert "limited to 20.0 MB" in body


def test_an_upload_within_the_limit_is_not_refused(member_client, settings):
    fits = SimpleUploadedFile("schema.xlsx", b"x" * (settings.UPLOAD_MAX_BYTES - 2**20))

    response = member_client.post("/plans/new/", {"name": "Fits", "file": fits})

    assert response.status_code == 302


def test_an_oversized_form_body_gets_the_413_not_a_400(member_client, settings):
    response = member_client.post(
        "/plans/new/", {"description": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )

    assert response.status_code == 413


@pytest.mark.parametrize(
    "weak", ["short1", "password123", "12345678901234", "alice-syncplan"], ids=str
)
def test_weak_passwords_are_refused(db, weak):
    user = UserFactory.build(username="alice-syncplan", email="alice@example.com")
    with pytest.raises(ValidationError):
        validate_password(weak, user=user)


def test_a_long_uncommon_passphrase_is_accepted(db):
    validate_password("mapping-enum-pairs-at-dawn", user=UserFactory.build())


SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "credentials in a URL": re.compile(r"\b[a-z][a-z0-9+]*://[^\s/:@'\"]+:[^\s/@'\"]+@"),
    "hard-coded secret": re.compile(
        r"(?i)\b(secret_key|api_key|token|password)\s*[:=]\s*['\"][^'\"\s]{8,}['\"]"
    ),
}


# Not secrets: the key settings.py uses only with DEBUG on (it refuses to start without
# SECRET_KEY otherwise).
NOT_SECRETS = {'SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"'}


def test_no_secret_is_committed_to_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    findings = []
    for name in tracked:
        path = REPO / name
        if name.startswith(("tests/", "static/vendor/")) or not path.is_file():
            continue  # tests hold throw-away credentials by design
        assert not name.endswith((".pem", ".key", ".env")), f"{name} looks like a secret file"
        text = path.read_text(errors="ignore")
        for label, pattern in SECRET_PATTERNS.items():
            findings += [
                f"{name}: {label}: {m.group(0)}"
                for m in pattern.finditer(text)
                if m.group(0) not in NOT_SECRETS
            ]
    assert findings == []


def _sign_in_via(client, username, password, forwarded_for, proxy="172.18.0.2"):
    return client.post(
        "/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_trusted_proxy_a_lockout_holds_only_for_the_client_that_failed(
    client, db, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_via(client, user.username, "wrong-password", "203.0.113.5")

    # Both clients reach the web server from the proxy's address; only the one that failed is
    # locked. A client-written hop left of the proxy's own entry changes nothing.
    assert _sign_in_via(client, user.username, PASSWORD, "203.0.113.5").status_code == 429
    assert (
        _sign_in_via(client, user.username, PASSWORD, "198.51.100.1, 203.0.113.5").status_code
        == 429
    )
    assert _sign_in_via(client, user.username, PASSWORD, "198.51.100.7").status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_via(client, user.username, "wrong-password", f"203.0.113.{attempt}", "10.0.0.1")

    # A spoofed header does not escape the lockout of the address actually connecting.
    response = _sign_in_via(client, user.username, PASSWORD, "198.51.100.7", "10.0.0.1")
    assert response.status_code == 429


def test_a_malformed_forwarded_header_is_not_a_server_error(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    user = UserFactory()

    response = _sign_in_via(client, user.username, "wrong-password", "<script>, 10.9.9.9")

    assert response.status_code == 200
