"""The text of each document holds the right names, companies and times (read with pdftotext)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from rallye.documents import KINDS
from rallye.domain.challenges import starter_playful
from rallye.domain.clock import hhmm
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from tests.documents.conftest import flat, pdf_objects, read_pdf

Annecy = tuple[Rally, Plan]


def test_every_kind_is_written_and_zipped(documents: dict[str, Path]) -> None:
    expected = {kind.file for kind in KINDS.values()}
    assert set(documents) == expected | {"documents.zip"}
    with zipfile.ZipFile(documents["documents.zip"]) as archive:
        assert set(archive.namelist()) == expected


@pytest.mark.parametrize("file", [kind.file for kind in KINDS.values()])
def test_pages_are_not_blank_and_pdf_is_tagged_french(documents: dict[str, Path], file: str) -> None:
    pdf = read_pdf(documents[file])
    assert pdf.pages
    assert all(page.strip() for page in pdf.pages), "a page has no text"
    objects = pdf_objects(documents[file].read_bytes())
    assert b"/Lang (fr)" in objects
    assert b"/StructTreeRoot" in objects


def test_roadbook_of_each_team_holds_its_members_companies_and_times(
    documents: dict[str, Path], annecy: Annecy
) -> None:
    rally, plan = annecy
    sections = read_pdf(documents["carnets-de-route.pdf"]).sections("Carnet de route — ")
    assert len(sections) == len(plan.teams)
    for team, text in zip(plan.teams, sections, strict=True):
        assert text.startswith(flat(f"Carnet de route — {team.name} "))
        for member in team.members:
            assert flat(rally.participant(member).full_name) in text
        for visit in team.visits:
            assert flat(f"{hhmm(visit.start)} – {hhmm(visit.end)} · {rally.company(visit.company).name}") in text
        accompanier = rally.vehicle(team.vehicle).accompanier
        assert accompanier is not None
        assert flat(accompanier.name) in text and flat(accompanier.phone) in text
        assert "Défi de la visite" in text
        assert flat("Retours d'expérience") in text and flat("Temps de clôture") in text
        assert "Urgences" in text


def test_roadbook_prints_the_challenge_of_every_visit_and_the_ice_breaker(
    documents: dict[str, Path], annecy: Annecy
) -> None:
    """The rally file names no challenge: the command line takes them from the starter repertoire."""
    rally, plan = annecy
    playful = starter_playful(rally, plan)
    assert playful.icebreaker is not None
    sections = read_pdf(documents["carnets-de-route.pdf"]).sections("Carnet de route — ")
    for team, text in zip(plan.teams, sections, strict=True):
        assert text.count(flat("Défi de la visite : ")) == len(team.visits)
        for visit in team.visits:
            challenge = playful.challenges[(team.id, visit.company)]
            assert flat(f"Défi de la visite : {challenge.title}") in text
            assert flat(challenge.instructions) in text
        assert flat(f"Pour faire connaissance : {playful.icebreaker.title}") in text
        assert flat("à définir") not in text


def test_company_sheet_tells_the_host_each_team_s_challenge(documents: dict[str, Path], annecy: Annecy) -> None:
    rally, plan = annecy
    playful = starter_playful(rally, plan)
    sections = read_pdf(documents["fiches-entreprises.pdf"]).sections("Fiche entreprise — ")
    for company, text in zip(rally.companies, sections, strict=True):
        for team in plan.teams:
            if any(v.company == company.id for v in team.visits):
                challenge = playful.challenges[(team.id, company.id)]
                assert flat(f"{team.name} ") in text and flat(challenge.title) in text
                assert flat(f"Ce que vous vérifiez : {challenge.check}") in text


def test_company_sheet_holds_the_teams_coming_and_their_times(documents: dict[str, Path], annecy: Annecy) -> None:
    rally, plan = annecy
    sections = read_pdf(documents["fiches-entreprises.pdf"]).sections("Fiche entreprise — ")
    assert len(sections) == len(rally.companies)
    for company, text in zip(rally.companies, sections, strict=True):
        assert text.startswith(flat(f"Fiche entreprise — {company.name} "))
        coming = [(t, v) for t in plan.teams for v in t.visits if v.company == company.id]
        for team, visit in coming:
            assert flat(f"{hhmm(visit.start)} – {hhmm(visit.end)} {team.name}") in text
        others = {t.name for t in plan.teams} - {t.name for t, _ in coming}
        for name in others:
            assert flat(f"{name} ") not in text
        assert "recrutement" in text


def test_convocation_holds_the_person_the_meeting_point_and_the_insurance(
    documents: dict[str, Path], annecy: Annecy
) -> None:
    rally, plan = annecy
    sections = read_pdf(documents["convocations.pdf"]).sections("Bonjour ")
    people = [(team, member) for team in plan.teams for member in team.members]
    assert len(sections) == len(people)
    for (team, member), text in zip(people, sections, strict=True):
        assert text.startswith(flat(f"Bonjour {rally.participant(member).full_name},"))
        assert flat(team.name) in text
        assert flat(rally.base.name) in text and flat(rally.base.address) in text
        assert "08:30" in text  # the ice-breaker of the first day
        assert flat("responsabilité civile") in text


def test_diploma_holds_the_person_and_the_companies_visited(documents: dict[str, Path], annecy: Annecy) -> None:
    rally, plan = annecy
    sections = read_pdf(documents["diplomes.pdf"]).sections("Diplôme de participation")
    people = [(team, member) for team in plan.teams for member in team.members]
    assert len(sections) == len(people)
    for (team, member), text in zip(people, sections, strict=True):
        assert flat(rally.participant(member).full_name) in text
        visited = {v.company for v in team.visits}
        for company in rally.companies:
            assert (flat(company.name) in text) == (company.id in visited), company.name


def test_each_team_has_its_team_diploma_before_its_members(documents: dict[str, Path], annecy: Annecy) -> None:
    rally, plan = annecy
    pdf = read_pdf(documents["diplomes.pdf"])
    teams = pdf.sections("Diplôme d'équipe")
    assert len(teams) == len(plan.teams)
    for team, text in zip(plan.teams, teams, strict=True):
        head = text.split(flat("Diplôme de participation"))[0]
        assert flat(team.name) in head
        for member in team.members:
            person = rally.participant(member)
            assert flat(person.first_name) in head and flat(person.last_name) not in head
        assert flat(f"{len(team.visits)} entreprises visitées") in head


def test_overview_is_one_page_with_every_team_and_phone(documents: dict[str, Path], annecy: Annecy) -> None:
    rally, plan = annecy
    pdf = read_pdf(documents["planning.pdf"])
    assert len(pdf.pages) == 1
    for team in plan.teams:
        assert flat(team.name) in pdf.text
    for vehicle in rally.vehicles:
        assert vehicle.accompanier is not None
        assert flat(vehicle.accompanier.phone) in pdf.text
    assert "112" in pdf.text


def test_funder_sheet_has_three_pages_with_the_figures(documents: dict[str, Path], annecy: Annecy) -> None:
    rally, plan = annecy
    pdf = read_pdf(documents["fiche-action.pdf"])
    assert len(pdf.pages) == 3
    assert pdf.pages[0].count("L'action") >= 1
    participants = sum(len(t.members) for t in plan.teams)
    assert f"Participants {participants} " in pdf.pages[1]
    assert flat(f"Équipes {len(plan.teams)} ") in pdf.pages[1]
    for sector in rally.sectors():
        assert flat(sector) in pdf.pages[1]
    assert "Les partenaires" in pdf.pages[2]
