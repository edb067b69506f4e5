"""Downloads: the empty workbook template, and a rally as a workbook or as ``rally.json``.

A rally is exported through ``domain_rally``, the validator files go through: when the rally
does not pass it, the page lists what to fix instead of handing out a file that cannot be
read back.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views import View

from rallye.domain.rally import Rally as DomainRally
from rallye.formats.problems import InvalidInput
from rallye.formats.rally_json import dump_rally
from rallye.formats.rally_xlsx import PersonDetails, write_rally_xlsx
from rallye.rallies.conversion import domain_rally
from rallye.rallies.models import Rally
from rallye.www.rallies.access import RallyMixin

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAME = "modele-rallye.xlsx"


def attachment(content: bytes | str, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, file_name) or "attachment"
    return response


def workbook_bytes(rally: DomainRally | None, people: dict[str, PersonDetails] | None = None) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rallye.xlsx"
        write_rally_xlsx(rally, path, people)
        return path.read_bytes()


def people_details(rally: Rally) -> dict[str, PersonDetails]:
    """The participants' columns of the workbook beyond the rally content, from the database."""
    return {
        p.code: PersonDetails(
            p.rsa_beneficiary,
            p.phone,
            p.email,
            p.address,
            p.consent,
            p.liability_attested or bool(p.liability_document),
        )
        for p in rally.participants.all()
    }


class TemplateDownloadView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return attachment(workbook_bytes(None), XLSX_TYPE, TEMPLATE_NAME)


FORMATS: dict[str, tuple[str, Callable[[DomainRally], bytes | str]]] = {
    ".xlsx": (XLSX_TYPE, workbook_bytes),
    ".json": ("application/json; charset=utf-8", dump_rally),
}
"""File suffix → (content type, how to write the rally)."""


class RallyExportView(RallyMixin):
    """A rally as a file, in the format named by ``suffix`` (see ``FORMATS``)."""

    suffix = ".json"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            data = domain_rally(self.rally)
        except InvalidInput as error:
            context = self.rally_context(problems=error.problems, format_name=self.suffix.lstrip(".").upper())
            return render(request, "www/rallies/export_problems.html", context)
        content_type, encode = FORMATS[self.suffix]
        file_name = f"{slugify(self.rally.name) or 'rallye'}{self.suffix}"
        if self.suffix == ".xlsx":
            return attachment(workbook_bytes(data, people_details(self.rally)), content_type, file_name)
        return attachment(encode(data), content_type, file_name)


class ExportXlsxView(RallyExportView):
    suffix = ".xlsx"


class ExportJsonView(RallyExportView):
    suffix = ".json"
