"""The engine's failures carry facts; the command line and the web say what to do, each in its
own terms (``rallye.wording``)."""

from __future__ import annotations

import inspect

from rallye import wording
from rallye.engine import feasibility, parts, replan, results, stages
from rallye.engine.results import NoPlanFound, Reason


def test_out_of_time_is_worded_by_the_caller() -> None:
    failure = NoPlanFound((), proven=False, time_limit=30.0)
    assert failure.out_of_time
    assert wording.no_plan_title(failure) == "Aucun planning trouvé"
    (cli,) = wording.no_plan_reasons(failure, "Relancez avec plus de temps (--time-limit)")
    (web,) = wording.no_plan_reasons(failure, "Relancez le calcul avec plus de temps")
    assert "(30 s)" in cli and "Relancez avec plus de temps (--time-limit) ou assouplissez" in cli
    assert "Relancez le calcul avec plus de temps ou assouplissez" in web and "--time-limit" not in web


def test_proven_impossibility_shows_the_engines_reasons() -> None:
    failure = NoPlanFound([Reason("Il manque 4 places.", ("K3",))], proven=True)
    assert not failure.out_of_time
    assert wording.no_plan_title(failure) == "Aucun planning possible"
    assert wording.no_plan_reasons(failure, "Relancez") == ["Il manque 4 places."]
    assert failure.adding(Reason("Déverrouillez.")).sentences == ["Il manque 4 places.", "Déverrouillez."]


def test_the_engine_gives_no_advice_about_time() -> None:
    for module in (feasibility, parts, replan, results, stages):
        source = inspect.getsource(module)
        assert "--time-limit" not in source and "plus de temps" not in source, module.__name__
