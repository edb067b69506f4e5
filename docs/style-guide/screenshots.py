"""Photographs the components (specimen.html) and the demo's key pages at 360 and 1366 px for
docs/style-guide.md, with Debian's chromium.

    uv run rallye demo --port 8765 --no-browser &   # in another terminal
    uv run python docs/style-guide/screenshots.py [http://127.0.0.1:8765]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
IMAGES = HERE.parent / "images"
PAGES = {
    "apercu": "/rallyes/{annecy}/",
    "planning": "/rallyes/{annecy}/planning/",
    "documents": "/rallyes/{annecy}/documents/",
}
WIDTHS = (360, 1366)


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765"
    IMAGES.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
            page = context.new_page()
            page.goto((HERE / "specimen.html").as_uri())
            page.screenshot(path=IMAGES / f"composants-{width}.png", full_page=True)
            page.goto(base + "/connexion/")
            page.get_by_label("Adresse e-mail").fill("coordination@mife74.demo")
            page.get_by_label("Mot de passe").fill("rallye-demo")
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url("**/")
            page.get_by_role("link", name="Rallyes", exact=True).click()
            page.get_by_role("link", name="Rallye pour l'emploi — Annecy, mars 2027").click()
            annecy = page.url.rstrip("/").rsplit("/", 1)[-1]
            for name, path in PAGES.items():
                page.goto(base + path.format(annecy=annecy))
                if width == 360:  # the phone's whole page, up to a few screens (the files stay small)
                    height = min(page.evaluate("document.documentElement.scrollHeight"), 2400)
                    clip = {"x": 0, "y": 0, "width": width, "height": height}
                    page.screenshot(path=IMAGES / f"{name}-{width}.png", full_page=True, clip=clip)
                else:
                    page.screenshot(path=IMAGES / f"{name}-{width}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
