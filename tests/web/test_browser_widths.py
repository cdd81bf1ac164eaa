"""Every page at a phone's width (390×844) and a desktop's (1440×900), in Chinese and in English, in chromium.

No page scrolls sideways (the document is never wider than the window: wide tables scroll inside their card),
and the navigation is usable: on the phone a menu button opens it below the bar and every link is then on the
screen, with the language switch on the bar; on the desktop the links show on the bar with no menu button.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from greentrack.auth.demo import DEMO_ACCOUNTS
from greentrack.ledger import repository

from .test_browser import Served, browser, served, sign_in  # noqa: F401  (the fixtures: chromium, the server)

pytestmark = pytest.mark.browser

PHONE, DESKTOP = (390, 844), (1440, 900)
PAGES = ("/", "/ledger", "/ledger?status=overdue", "/documents", "/documents/{document}",
         "/documents/{document}/review", "/targets/{target}", "/departments", "/departments/{department}", "/compare",
         "/analysis", "/analysis/contradictions", "/analysis/decomposition", "/analysis/ambition",
         "/analysis/timeline", "/analysis/evaluation", "/audit", "/upload", "/targets/999999", "/tasks", "/tasks/3",
         "/my", "/cycles", "/cycles/{cycle}", "/supervision")
NAV = ("/", "/ledger", "/documents", "/departments", "/my", "/compare", "/analysis", "/upload", "/audit")
LOOP = ("/my", "/cycles", "/tasks", "/supervision")  # the supervision loop's pages: one entry above, a tab bar below


@pytest.fixture(scope="module")
def pages(served: Served) -> list[str]:  # noqa: F811
    """Every page of the dashboard, the ones of one record filled in with records of the demo ledger."""
    with served.ledger.session() as session:
        document = repository.documents.list_documents(session)[0].id
        target = repository.documents.current_targets(session, jurisdiction="金乡县")[0].id
        department = next(d.id for d in repository.departments.list_departments(session) if "住房" in d.name)
    cycle = _a_cycle(served)
    return [page.format(document=document, target=target, department=department, cycle=cycle) for page in PAGES]


def _a_cycle(served: Served) -> int:  # noqa: F811  (the fixture, passed on)
    """A reporting cycle of 金乡县 covering all its plans (its page is the widest: a line per department)."""
    import datetime as dt

    from greentrack.services.cycles import list_cycles, open_cycle

    found = list_cycles(served.ledger, "金乡县")
    if found:
        return found[0].id
    return open_cycle(served.ledger, "2025年度", "金乡县", "2025", dt.date(2099, 1, 31), dt.date(2025, 12, 1)).id


@pytest.fixture(scope="module", params=[("zh", PHONE), ("en", PHONE), ("zh", DESKTOP), ("en", DESKTOP)],
                ids=["zh-390", "en-390", "zh-1440", "en-1440"])
def signed_in(request: pytest.FixtureRequest, browser: object, served: Served) -> Iterator[object]:  # noqa: F811
    """A signed-in page of a browser window of that size and language (one login per window)."""
    lang, (width, height) = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.add_cookies([{"name": "lang", "value": lang, "url": served.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, served.url, DEMO_ACCOUNTS[0])
    page.lang, page.width = lang, width
    yield page
    context.close()


def overflow(page: object) -> int:
    """How many pixels the document is wider than the window (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_no_page_scrolls_sideways(signed_in: object, served: Served, pages: list[str]) -> None:  # noqa: F811
    page = signed_in
    wide = {}
    for path in pages:
        page.goto(served.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == ("zh-CN" if page.lang == "zh" else "en"), path
        if overflow(page) > 0:
            wide[path] = page.evaluate("document.documentElement.scrollWidth")
    assert wide == {}, f"pages wider than the {page.width} px window: {wide}"


def test_the_navigation_is_usable(signed_in: object, served: Served) -> None:  # noqa: F811
    page = signed_in
    page.goto(served.url + "/documents")
    toggle, links = page.locator("#menu-toggle"), page.locator("header nav a")
    assert links.count() == len(NAV)
    switch = page.locator("#lang-switch").bounding_box()
    assert switch is not None and switch["x"] + switch["width"] <= page.width, "the language switch is on the bar"
    assert page.locator("#top").bounding_box()["height"] < 100, "the bar takes at most two lines"
    if page.width == DESKTOP[0]:
        assert not toggle.is_visible()
        assert all(links.nth(i).is_visible() for i in range(links.count()))
    else:
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert not links.first.is_visible(), "the menu starts closed on a phone"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.width, links.nth(i)
        assert overflow(page) <= 0
        toggle.click()
        assert not links.first.is_visible(), "the button closes the menu again"
        toggle.click()
    links.nth(NAV.index("/ledger")).click()
    page.wait_for_url(served.url + "/ledger")
    assert page.locator("header nav a[aria-current=page]").get_attribute("href") == "/ledger"
    assert page.locator("#loop-nav").count() == 0, "the loop's tab bar shows on its own pages only"


def test_the_loop_pages_share_a_tab_bar(signed_in: object, served: Served) -> None:  # noqa: F811
    page = signed_in
    page.goto(served.url + "/my")
    tabs = page.locator("#loop-nav a")
    assert [tabs.nth(i).get_attribute("href") for i in range(tabs.count())] == list(LOOP)
    for path in LOOP[1:]:
        page.locator(f"#loop-nav a[href='{path}']").click()
        page.wait_for_url(served.url + path)
        assert page.locator("#loop-nav a[aria-current=page]").get_attribute("href") == path
        assert page.locator("header nav a[aria-current=page]").get_attribute("id") == "nav-loop"
        assert overflow(page) <= 0, path
