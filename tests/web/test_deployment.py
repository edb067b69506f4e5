"""Deployment behind an HTTPS reverse proxy: one variable, ``RALLYE_BASE_URL``, sets what follows
from it; with the production settings the README documents, ``check --deploy`` has nothing to
say; logins posted through the proxy are accepted; server errors are logged with their
traceback on stderr; absolute links use the public address."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD
from rallye.organisations.models import Structure
from rallye.web.absolute import NoBaseUrl, absolute_url
from rallye.web.settings import HSTS_SECONDS, allowed_hosts, https_settings, image_sources
from tests.logins import MIFE
from tests.web.failing_urls import FAILURE
from tests.web.subprocess_django import environment, run, run_django

BASE_URL = "https://rallye.example.org"
PROXIED = {"Host": "rallye.example.org", "X-Forwarded-Proto": "https", "Origin": BASE_URL}
"""What nginx passes on for a form posted from the public address."""
CHECK_DEPLOY = ["-m", "rallye.cli.main", "manage", "check", "--deploy", "--fail-level", "WARNING"]


def production(tmp_path: Path, **variables: str) -> dict[str, str]:
    """The production settings of the README: base URL and a long random secret key."""
    return environment(tmp_path, RALLYE_BASE_URL=BASE_URL, RALLYE_SECRET_KEY=secrets.token_urlsafe(50), **variables)


def behind_proxy(settings: Settings) -> None:
    for name, value in https_settings(BASE_URL).items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = allowed_hosts("", BASE_URL)
    settings.BASE_URL = BASE_URL


def test_an_https_base_url_sets_proxy_header_origins_cookies_and_hsts() -> None:
    values = https_settings("https://rallye.example.org/")
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://rallye.example.org"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] == HSTS_SECONDS >= 365 * 24 * 3600
    assert https_settings("https://rallye.example.org:8443")["CSRF_TRUSTED_ORIGINS"] == [
        "https://rallye.example.org:8443"
    ]
    # A plain address (a trial on one's own computer) trusts no proxy header and sends cookies over HTTP.
    assert https_settings("http://127.0.0.1:8000") == {} == https_settings("")


def test_allowed_hosts_come_from_the_base_url_unless_given() -> None:
    assert allowed_hosts("", BASE_URL) == ["rallye.example.org", "localhost", "127.0.0.1"]
    assert allowed_hosts("", "") == ["localhost", "127.0.0.1"]
    assert allowed_hosts(" rallye.example.org , autre.example.org ", BASE_URL) == [
        "rallye.example.org",
        "autre.example.org",
    ]


def test_images_may_come_from_the_map_tiles_host_only() -> None:
    assert image_sources("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "'self'",
        "data:",
        "https://tile.openstreetmap.org",
    ]
    assert image_sources("") == ["'self'", "data:"]


def test_check_deploy_has_no_warning_with_the_production_settings(tmp_path: Path) -> None:
    checked = run(
        ["-m", "rallye.cli.main", "manage", "check", "--deploy", "--fail-level", "WARNING"], production(tmp_path)
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout and "WARNING" not in checked.stdout + checked.stderr


def test_check_deploy_warns_without_the_base_url(tmp_path: Path) -> None:
    env = environment(tmp_path, RALLYE_SECRET_KEY=secrets.token_urlsafe(50))
    checked = run(CHECK_DEPLOY, env)
    assert checked.returncode != 0
    assert "security.W008" in checked.stderr and "security.W012" in checked.stderr  # no HTTPS redirect, cookies


@pytest.mark.django_db
def test_login_through_the_https_proxy_is_accepted(settings: Settings, mife: Structure) -> None:
    behind_proxy(settings)
    client = Client(enforce_csrf_checks=True)
    page = client.get("/connexion/", headers=PROXIED)
    assert page.status_code == 200
    token = client.cookies["csrftoken"].value
    assert client.cookies["csrftoken"]["secure"]
    response = client.post(
        "/connexion/", {"username": MIFE, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}, headers=PROXIED
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.cookies["sessionid"]["secure"]
    home = client.get("/", headers=PROXIED)
    assert home.status_code == 200 and MIFE in home.content.decode()
    assert home["Strict-Transport-Security"] == f"max-age={HSTS_SECONDS}; includeSubDomains"


@pytest.mark.django_db
def test_without_the_base_url_the_proxied_login_is_refused(settings: Settings, mife: Structure) -> None:
    """What happened before ``RALLYE_BASE_URL``: the browser's https origin did not match."""
    settings.ALLOWED_HOSTS = allowed_hosts("", BASE_URL)
    client = Client(enforce_csrf_checks=True)
    client.get("/connexion/", headers=PROXIED)
    data = {"username": MIFE, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    response = client.post("/connexion/", data, headers=PROXIED)
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


@pytest.mark.django_db
def test_plain_http_through_the_proxy_is_sent_to_https(settings: Settings) -> None:
    behind_proxy(settings)
    response = Client().get("/connexion/", headers={"Host": "rallye.example.org", "X-Forwarded-Proto": "http"})
    assert response.status_code == 301 and response["Location"] == "https://rallye.example.org/connexion/"


@pytest.mark.urls("tests.web.failing_urls")
@pytest.mark.django_db
def test_a_server_error_is_logged_with_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/panne/")
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "ERROR" and record.exc_info is not None
    assert record.exc_info[0] is RuntimeError
    assert "Traceback (most recent call last)" in caplog.text and f"RuntimeError: {FAILURE}" in caplog.text


def test_server_errors_go_to_stderr_with_the_traceback_and_a_french_page(tmp_path: Path) -> None:
    """In production (DEBUG off), with no database reachable at all: the error page needs none."""
    code = """
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.web.failing_urls"):
    response = Client(raise_request_exception=False).get("/panne/", secure=True)
print(response.status_code)
print(response.content.decode())
"""
    ran = run_django(code, production(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:9/nothing"))
    assert ran.returncode == 0, ran.stderr
    status, page = ran.stdout.split("\n", 1)
    assert status == "500" and "Une erreur est survenue" in page
    assert "ERROR django.request: Internal Server Error: /panne/" in ran.stderr
    assert "Traceback (most recent call last)" in ran.stderr and f"RuntimeError: {FAILURE}" in ran.stderr


def test_absolute_links_use_the_public_address(settings: Settings) -> None:
    request = RequestFactory().get("/", headers={"Host": "127.0.0.1:8000"})
    settings.BASE_URL = ""
    assert absolute_url("/questionnaire/abc/", request) == "http://127.0.0.1:8000/questionnaire/abc/"
    with pytest.raises(NoBaseUrl):
        absolute_url("/questionnaire/abc/")
    settings.BASE_URL = BASE_URL
    assert absolute_url("/questionnaire/abc/", request) == "https://rallye.example.org/questionnaire/abc/"
    assert absolute_url("questionnaire/abc/") == "https://rallye.example.org/questionnaire/abc/"
