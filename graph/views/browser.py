"""Headless Chromium (Debian's, driven by playwright) for screenshots, browser tests and the bench."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1600, "height": 1000}
READY_TIMEOUT_MS = 60_000


class BrowserMissing(RuntimeError):
    """Playwright or Chromium is not installed, so pages cannot be opened headless."""


def browser_problem() -> str | None:
    """Why a headless browser cannot be started here, or None when it can."""
    if not CHROMIUM.exists():
        return (f"Chromium is not installed at {CHROMIUM}; install it with `sudo apt-get install chromium` "
                "(or `make system`)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing; install it with `.venv/bin/pip install -e '.[dev]'`"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (playwright ``Browser``) that is closed on exit."""
    problem = browser_problem()
    if problem:
        raise BrowserMissing(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def offline_page(browser: Any) -> tuple[Any, list[str]]:
    """A new page that refuses every request other than file:// and records the refused URLs."""
    page = browser.new_page(viewport=VIEWPORT)
    refused: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file://", "data:", "about:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page, refused


def open_view(page: Any, path: Path) -> None:
    """Load a view from disk and wait until its network has been drawn (``window.aikgReady``)."""
    page.goto(Path(path).resolve().as_uri())
    wait_ready(page)


def wait_ready(page: Any) -> None:
    """Wait until the page in ``page`` has drawn its network (after a goto or a click that navigates).

    Polls with ``evaluate``: ``wait_for_function`` compiles its predicate with eval inside the page, which
    the views' Content-Security-Policy (no unsafe-eval) refuses whenever the page is not ready at once.
    """
    page.wait_for_load_state("load")
    waited = 0
    while not page.evaluate("window.aikgReady === true"):
        if waited >= READY_TIMEOUT_MS:
            raise TimeoutError(f"{page.url} did not finish drawing within {READY_TIMEOUT_MS / 1000:.0f} s")
        page.wait_for_timeout(50)
        waited += 50


def screenshot_pages(pages: Iterable[Path]) -> list[Path]:
    """Save ``<page>.png`` beside every page; raises BrowserMissing with a clear message when impossible."""
    shots: list[Path] = []
    with chromium() as browser:
        page, refused = offline_page(browser)
        for path in pages:
            open_view(page, path)
            page.wait_for_timeout(150)
            shot = Path(path).with_suffix(".png")
            page.screenshot(path=str(shot))
            shots.append(shot)
        if refused:
            log.warning("pages tried to fetch %d URLs (refused): %s", len(refused), sorted(set(refused))[:5])
    log.info("saved %d screenshots", len(shots))
    return shots
