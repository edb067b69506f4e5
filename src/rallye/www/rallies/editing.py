"""Changes that touch several rows at once, kept out of the views.

Measured travel times (``TravelTime``) name companies by their identifier: when a company's
identifier changes or the company is deleted, its travel times follow, so the rally stays
valid for the planner.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from rallye.rallies.models import Company, TravelTime


def rename_company(company: Company, old_code: str) -> None:
    """Point the travel times of ``old_code`` to the company's new identifier."""
    if old_code == company.code:
        return
    times = TravelTime.objects.filter(rally=company.rally)
    times.filter(origin=old_code).update(origin=company.code)
    times.filter(destination=old_code).update(destination=company.code)


@transaction.atomic
def delete_company(company: Company) -> None:
    """Delete the company, its availability windows and the travel times that name it."""
    TravelTime.objects.filter(rally=company.rally).filter(Q(origin=company.code) | Q(destination=company.code)).delete()
    company.delete()
