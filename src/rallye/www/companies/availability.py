"""The page a company opens by its private availability link (no account, made for a phone):
it confirms its contact, ticks the half-days of the rally's visit sessions (or gives exact
windows), and says how many people it hosts, for how long, how many visits at most, whether it
hires, and how to find and enter the site. The answer goes straight into the rally's data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View
from django.views.decorators.cache import never_cache

from rallye.companies.availability import Answer, apply_answer, end_of_purpose, half_days
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import Refusal, open_link
from rallye.plans.versions import current_plan
from rallye.rallies.models import Availability, Company, Session, SessionKind
from rallye.www.companies.forms import WINDOW_ROWS, AvailabilityAnswerForm
from rallye.www.links.pages import refusal_page
from rallye.www.middleware import link_scoped


def initial_answer(company: Company, halves: list[Any]) -> dict[str, Any]:
    """What the company said before (or what the organiser typed), to start from."""
    windows = [(w.date, w.start, w.end) for w in Availability.objects.filter(company=company)]
    by_window = {(half.date, half.start, half.end): half.key for half in halves}
    initial: dict[str, Any] = {
        "contact_name": company.contact_name,
        "contact_phone": company.contact_phone,
        "contact_email": company.contact_email,
        "half_days": [by_window[w] for w in windows if w in by_window],
        "capacity": company.capacity,
        "visit_minutes": company.visit_minutes,
        "max_visits": company.max_visits,
        "hiring": company.hiring,
    }
    others = [w for w in windows if w not in by_window][:WINDOW_ROWS]
    for row, (day, start, end) in enumerate(others):
        initial.update({f"window_{row}_date": day.isoformat(), f"window_{row}_start": start, f"window_{row}_end": end})
    entry = company.directory
    if entry is not None:
        initial.update(
            {
                "grouped_visits": entry.grouped_visits,
                "parking": entry.parking,
                "entrance": entry.entrance,
                "accessibility": entry.accessibility,
                "safety_shoes": entry.safety_shoes,
            }
        )
    return initial


class AvailabilityView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        company = self.company(request, token)
        if isinstance(company, Refusal):
            return refusal_page(request, company)
        halves = half_days(company)
        form = AvailabilityAnswerForm(initial=initial_answer(company, halves), halves=halves, dates=self.dates(company))
        return self.page(company, form)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        company = self.company(request, token)
        if isinstance(company, Refusal):
            return refusal_page(request, company)
        form = AvailabilityAnswerForm(request.POST, halves=half_days(company), dates=self.dates(company))
        if not form.is_valid():
            return self.page(company, form, status=400)
        data = form.cleaned_data
        answer = apply_answer(
            company,
            Answer(
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
                windows=data["windows"],
                capacity=data["capacity"],
                grouped_visits=data["grouped_visits"],
                visit_minutes=data["visit_minutes"],
                max_visits=data["max_visits"],
                hiring=data["hiring"],
                parking=data["parking"],
                entrance=data["entrance"],
                accessibility=data["accessibility"],
                safety_shoes=data["safety_shoes"],
            ),
        )
        context = {"title": "Merci", "rally_name": company.rally.name, "company": company, "answer": answer}
        return render(request, "www/companies/availability_done.html", context)

    def company(self, request: HttpRequest, token: str) -> Company | Refusal:
        opened = open_link(token, request, Purpose.AVAILABILITY, end_of_purpose=end_of_purpose)
        if isinstance(opened, Refusal):
            return opened
        found: Company = Company.objects.select_related("rally__structure", "directory").get(pk=opened.company_id)
        return found

    def dates(self, company: Company) -> list[Any]:
        sessions = Session.objects.filter(rally_id=company.rally_id, kind=SessionKind.VISITS)
        return sorted({session.date for session in sessions})

    def page(self, company: Company, form: AvailabilityAnswerForm, status: int = 200) -> HttpResponse:
        context = {
            "title": "Vos disponibilités",
            "rally_name": company.rally.name,
            "company": company,
            "form": form,
            "planned": current_plan(company.rally) is not None,
            "window_rows": [
                [form[f"window_{row}_{part}"] for part in ("date", "start", "end")] for row in range(WINDOW_ROWS)
            ],
        }
        return render(self.request, "www/companies/availability.html", context, status=status)


availability = login_not_required(never_cache(link_scoped(PrivateLink)(AvailabilityView.as_view())))
