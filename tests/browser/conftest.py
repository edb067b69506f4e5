"""Browser tests: Playwright driving Debian's chromium against a live server.

Under CI a missing chromium fails the run (``.ci/run`` installs it); elsewhere the tests skip
with a message saying what to install."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread
from pytest_django.live_server_helper import LiveServer

from tests.stub_server import KEPT_AN_HOUR

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _CachedStaticFiles(StaticFilesHandler):
    """Static files served with a lifetime, as WhiteNoise serves them in production: the browser
    keeps the style sheet and scripts from one page to the next instead of asking for them again
    at every page (Django's test handler sends no ``Cache-Control``)."""

    def serve(self, request: Any) -> Any:
        response = super().serve(request)
        response["Cache-Control"] = KEPT_AN_HOUR
        return response


class _LiveServer(LiveServer):
    """pytest-django's live server, whose thread serves static files with
    :class:`_CachedStaticFiles` (pytest-django names its handler in its own constructor: the
    thread it made, not started yet, gives its address and shared connections to this one)."""

    def __init__(self, addr: str) -> None:
        super().__init__(addr, start=False)
        thread = self.thread
        self.thread = LiveServerThread(
            thread.host,
            static_handler=_CachedStaticFiles,
            connections_override=thread.connections_override,
            port=thread.port,
        )
        self.thread.daemon = True
        self.start()


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """pytest-django's live server (one per test process, on a free port of 127.0.0.1), whose
    static files the browser may keep (see :class:`_CachedStaticFiles`)."""
    server = _LiveServer("localhost:0")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        message = "chromium est introuvable : installez-le (apt-get install chromium) pour les tests dans le navigateur"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's synchronous API runs an event loop in this thread; the tests also query the
    # database from it, which Django allows once told that no coroutine is involved.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any, settings: Any, recorded_solves: None) -> Iterator[Any]:
    """A tab of the live server; a solve launched there returns the example's recorded plan
    (the browser tests are about the pages; the solve is tested in ``tests/engine`` and
    ``tests/plans/test_plan_versions.py``); re-plans run the solver, deterministically."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.RALLYE_REPLAN_SECONDS = 3.0
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()
