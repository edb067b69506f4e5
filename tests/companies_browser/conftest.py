"""The browser fixtures (chromium through Playwright) of ``tests/browser``."""

from tests.browser.conftest import browser, page

__all__ = ["browser", "page"]
