"""The SVG charts are valid, accessible images that show every label and value in French."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rallye.reporting import charts

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    """What the chart writes, in order (a cut label's tooltip left aside)."""
    written = []
    for text in root.iter(f"{SVG}text"):
        tooltip = text.find(f"{SVG}title")
        written.append("".join(text.itertext()) if tooltip is None else tooltip.tail or "")
    return written


def accessible_name(root: ET.Element) -> tuple[str, str]:
    """The title and description the chart's ``aria-labelledby`` points to."""
    assert root.get("role") == "img"
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    by_id = {e.get("id"): "".join(e.itertext()) for e in root.iter() if e.get("id")}
    return by_id[title_id], by_id[desc_id]


def bar_widths(root: ET.Element) -> list[float]:
    return [float(r.get("width", "0")) for r in root.iter(f"{SVG}rect")]


def test_bar_chart_writes_labels_and_french_values() -> None:
    svg = charts.bar_chart("Âge des participants", [("moins de 26 ans", 2), ("26 à 49 ans", 3.5)], unit="pers.")
    root = parse(svg)
    assert root.get("viewBox", "").startswith("0 0 640 ")
    assert root.get("width") is None  # sized by its container
    title, description = accessible_name(root)
    assert title == "Âge des participants"
    assert description == f"moins de 26 ans : 2{NBSP}pers. ; 26 à 49 ans : 3,5{NBSP}pers.."
    assert texts(root) == ["Âge des participants", "moins de 26 ans", f"2{NBSP}pers.", "26 à 49 ans", f"3,5{NBSP}pers."]
    # Without a maximum the longest bar is the largest value: 2 is 4/7 of 3.5.
    short, long = bar_widths(root)
    assert abs(short / long - 2 / 3.5) < 0.01


def test_bar_chart_maximum_sets_the_scale() -> None:
    root = parse(charts.bar_chart("Notes", [("a", 4), ("b", 2), ("c", 0)], maximum=4))
    full, half, empty = bar_widths(root)
    assert abs(half / full - 0.5) < 0.01 and empty == 0


def test_text_is_escaped() -> None:
    nasty = "<script>alert('x')</script> & « Hôtel »"
    root = parse(charts.bar_chart(nasty, [(nasty, 1)], description=nasty))
    title, description = accessible_name(root)
    assert title == nasty and description.startswith(nasty)
    assert nasty in texts(root)
    assert "<script>" not in charts.bar_chart(nasty, [(nasty, 1)])


def test_long_labels_are_cut_but_kept_whole_in_tooltip_and_description() -> None:
    label = "Respect de l'attendu en termes de bilan du rallye et de retour au réseau des structures"
    root = parse(charts.bar_chart("Rubriques", [(label, 3)]))
    tooltip = next(t for text in root.iter(f"{SVG}text") if (t := text.find(f"{SVG}title")) is not None)
    assert tooltip.text == label
    assert (tooltip.tail or "").endswith("…") and len(tooltip.tail or "") < len(label)
    assert label in accessible_name(root)[1]


def test_grouped_chart_has_a_legend_and_marks_missing_values() -> None:
    root = parse(
        charts.grouped_bar_chart(
            "Avant et après",
            ["Confiance en soi", "Réseau"],
            [("Avant", [2.5, None]), ("Après", [3.5, 2.0])],
            maximum=4,
        )
    )
    assert texts(root) == [
        "Avant et après",
        "Avant",
        "Après",
        "Confiance en soi",
        "2,5",
        "3,5",
        "Réseau",
        "n.d.",
        "2",
    ]
    assert accessible_name(root)[1] == "Confiance en soi : Avant 2,5, Après 3,5 ; Réseau : Avant n.d., Après 2."


def test_fidelity_chart_uses_the_zero_to_four_scale() -> None:
    root = parse(
        charts.fidelity_chart(
            "Grille", [("F1", "Deux ou trois jours", 4), ("K1", "15 à 30 participants", 2), ("R2", "Ansa", None)]
        )
    )
    written = texts(root)
    assert written[1:6] == ["0", "1", "2", "3", "4"]  # the graduations
    assert written[6:] == [
        "F1 Deux ou trois jours",
        "4/4",
        "K1 15 à 30 participants",
        "2/4",
        "R2 Ansa",
        "non évaluable",
    ]
    full, half = bar_widths(root)
    assert abs(half / full - 0.5) < 0.01
    assert "R2 Ansa : non évaluable à ce stade" in accessible_name(root)[1]


def test_stacked_share_chart_gives_counts_and_shares() -> None:
    root = parse(charts.stacked_share_chart("Genre", [("Femmes", 3), ("Hommes", 1), ("Autre", 0)]))
    assert texts(root)[1:] == [f"Femmes : 3 (75{NBSP}%)", f"Hommes : 1 (25{NBSP}%)", f"Autre : 0 (0{NBSP}%)"]
    parts = bar_widths(root)
    assert abs(parts[0] / parts[1] - 3) < 0.01  # the two parts of the bar, then the legend squares
    assert accessible_name(root)[1].startswith("Total : 4 ;")


def test_empty_charts_say_there_is_no_data() -> None:
    for svg in (
        charts.bar_chart("Vide", []),
        charts.grouped_bar_chart("Vide", [], []),
        charts.fidelity_chart("Vide", []),
        charts.stacked_share_chart("Vide", [("Femmes", 0)]),
    ):
        root = parse(svg)
        assert "Aucune donnée" in texts(root)
        assert accessible_name(root)[1].startswith("Aucune donnée")


def test_charts_are_deterministic_and_ids_differ_between_charts() -> None:
    first = charts.bar_chart("A", [("x", 1)])
    assert first == charts.bar_chart("A", [("x", 1)])
    assert parse(first).get("aria-labelledby") != parse(charts.bar_chart("B", [("x", 1)])).get("aria-labelledby")
