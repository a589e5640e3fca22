"""Forgot password: a request page and a "check your email" page that say the same whether or
not an account has the address, and a one-time link (sent through the outbox) that works."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from planner.models import OutboxEmail
from tests.factories import UserFactory


def _ask(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email}, follow=True)


def test_the_forgot_password_page_is_open_to_signed_out_visitors(db):
    response = Client().get(reverse("password_reset"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Forgot password" in body and "Back to sign in" in body
    assert reverse("password_reset") in Client().get(reverse("login")).content.decode()


def test_a_known_address_gets_a_link_that_sets_a_new_password(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory(email="ana@example.com")
    client = Client()

    response = _ask(client, "ANA@example.com", django_capture_on_commit_callbacks)

    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    assert "Check your email" in response.content.decode()
    assert OutboxEmail.objects.get().sent_at is not None
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    link = re.search(r"http://testserver(/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Set your password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-secret-42", "new_password2": "a-long-new-secret-42"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-new-secret-42")


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    db, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.com")
    known = _ask(Client(), "known@example.com", django_capture_on_commit_callbacks)
    mail.outbox.clear()

    unknown = _ask(Client(), "nobody@example.com", django_capture_on_commit_callbacks)

    assert unknown.redirect_chain == known.redirect_chain
    csrf = re.compile(r'"X-CSRFToken": "[^"]*"')
    assert csrf.sub("", unknown.content.decode()) == csrf.sub("", known.content.decode())
    assert mail.outbox == []


def test_an_invited_account_without_a_password_can_ask_for_a_new_link(
    db, django_capture_on_commit_callbacks
):
    invited = UserFactory(email="inv@example.com")
    invited.set_unusable_password()
    invited.save()

    _ask(Client(), "inv@example.com", django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["inv@example.com"]]
