"""A rally of the Annecy example saved in the database (no plan yet); tasks go to the database
queue, as with ``rallye worker``."""

from __future__ import annotations

from pathlib import Path

import pytest

from rallye.formats.load import load_rally
from rallye.organisations.models import Federation, Structure
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "annecy-2027" / "rally.json"


@pytest.fixture
def rally(db: None) -> Rally:
    structure = Structure.objects.create(federation=Federation.objects.create(name="Fédération"), name="MIFE")
    return save_domain_rally(structure, load_rally(EXAMPLE))
