"""Accounts are tested the way people meet them: e-mails sent by the (immediate) worker into
Django's in-memory outbox, links followed from those e-mails."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD, FEDERATION_ADMIN
from rallye.organisations.models import Structure

COORDINATOR = "coordination@mife74.demo"


Sends = Callable[[], AbstractContextManager[object]]


@pytest.fixture
def sends(
    settings: Settings, django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[object]]
) -> Sends:
    """``with sends(): client.post(…)``: the messages that request queued are sent when it ends,
    as the worker does once the request's transaction commits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return lambda: django_capture_on_commit_callbacks(execute=True)


def signed_in(email: str) -> Client:
    client = Client()
    assert client.login(email=email, password=DEMO_PASSWORD)
    return client


@pytest.fixture
def coordinator(mife: Structure) -> Client:
    return signed_in(COORDINATOR)


@pytest.fixture
def federation_admin(db: None) -> Client:
    return signed_in(FEDERATION_ADMIN)


def link_in_last_email(to: str) -> str:
    sent = [m for m in mail.outbox if m.to == [to]]
    assert sent, f"no e-mail to {to}"
    found = re.search(r"https?://\S+", str(sent[-1].body))
    assert found, sent[-1].body
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]
