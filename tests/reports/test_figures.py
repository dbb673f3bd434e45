"""The PDFs' plots (apps/workspace/figures.py): kaleido's warm tab, reloaded every RELOAD_EVERY
figures instead of after each, draws a figure as a freshly loaded page does."""
import asyncio
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from xml.etree.ElementTree import canonicalize

import kaleido
import pytest

from apps.workspace import figures

BARS = {"data": [{"type": "bar", "x": ["FPix", "BPix"], "y": [3, 7], "name": "masked"}],
        "layout": {"title": {"text": "Masked ROCs"}, "yaxis": {"title": {"text": "ROCs"}}}}  # fmt: skip
MAP = {"data": [{"type": "heatmap", "z": [[0, 1, None], [1, 0, 1]], "xgap": 1e-3, "ygap": 1e-3}],
       "layout": {"xaxis": {"title": {"text": "Signed module"}}}}  # fmt: skip


def without_plotly_ids(svg):
    """The SVG in canonical XML (attributes sorted) without what plotly.js names after random ids:
    ids, classes and references to them (clip paths, gradients, a colorbar's class); the shapes,
    text and styles stay."""
    return canonicalize(re.sub(rb' (id|class)="[^"]*"|#[^")]+', b"", svg).decode())


def freshly_drawn(*figs):
    """Each figure as stock kaleido draws it (calc_fig), on a freshly loaded page (it reloads its
    tab after every figure); one Chromium for them all. Asked again, a second later, when a
    just-started Chromium's tab had not run kaleido's script yet: kaleido's own race, not what
    these tests compare."""
    async def stock(browser, fig):
        for attempt in range(3):
            try:
                return await browser.calc_fig(fig, opts={"format": "svg", "width": 500, "height": 300})
            except RuntimeError as error:
                if "kaleido_scopes is not defined" not in str(error) or attempt == 2:
                    raise
                await asyncio.sleep(1)

    async def draw():
        async with kaleido.Kaleido(n=1, page_generator=figures.kaleido_page()) as browser:
            return [await stock(browser, f) for f in figs]

    return in_own_loop(draw(), timeout=120)


def test_a_warm_tab_draws_figures_as_a_fresh_page():
    fresh = freshly_drawn(BARS, MAP)
    # The process's warm Chromium, as production uses it: in the whole suite, the one a browser
    # test's PDF started some minutes before; not closed here, as a worker does not close it.
    warm = [figures.render(f, 500, 300) for f in (BARS, MAP, BARS, MAP, BARS)]
    warm = [svg.result(timeout=60) for svg in warm]
    assert b"Masked ROCs" in warm[0] and b"Signed module" in warm[1]
    for i, svg in enumerate(warm):
        assert without_plotly_ids(svg) == without_plotly_ids(fresh[i % 2]), i


def in_own_loop(coroutine, timeout=10):
    """Run in a thread of its own: Playwright's sync API (browser tests) runs a loop in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result(timeout=timeout)


class FakeTab:
    """A kaleido tab, counting its reloads, whose reload and navigation work, hang or fail."""

    def __init__(self, reload=None, navigate=None):
        self.reloads = 0
        self.tab = type("Target", (), {"target_id": "fake"})
        self.reload_as, self.navigate_as = reload or works, navigate or works

    async def reload(self):
        self.reloads += 1
        await self.reload_as()

    async def navigate(self, url):
        await self.navigate_as()


async def works():
    pass


async def hangs():
    await asyncio.sleep(3600)


async def fails():
    raise RuntimeError("the tab crashed")




def test_a_tab_is_reloaded_once_every_reload_every_figures_and_always_handed_back():
    async def figures_on_one_tab(count):
        browser = figures.WarmKaleido(page_generator=figures.kaleido_page())
        tab = FakeTab()
        for _ in range(count):
            await browser._return_kaleido_tab(tab)
        await asyncio.gather(*browser.reloading)  # the reloads, each a task of its own
        return tab.reloads, browser.tabs_ready.qsize()

    assert in_own_loop(figures_on_one_tab(figures.RELOAD_EVERY - 1)) == (0, figures.RELOAD_EVERY - 1)
    assert in_own_loop(figures_on_one_tab(2 * figures.RELOAD_EVERY + 1)) == (2, 2 * figures.RELOAD_EVERY + 1)


def test_a_figure_cancelled_while_chromium_starts_does_not_stop_it(monkeypatch):
    """A PDF out of time cancels its figures, maybe the first ones while Chromium is starting: it
    starts all the same, and the next PDF's figures are drawn."""
    monkeypatch.setattr(figures, "_opened", None)  # a Chromium of this test's own, started now
    first = figures.render(BARS, 500, 300)
    assert not figures._opened.done()  # Chromium is still starting as the figure is cancelled
    first.cancel()
    try:
        assert b"Masked ROCs" in figures.render(BARS, 500, 300).result(timeout=60)
    finally:
        figures.close()


def test_a_chromium_that_exited_is_started_again(monkeypatch):
    monkeypatch.setattr(figures, "_opened", None)  # a Chromium of this test's own
    try:
        figures.render(BARS, 500, 300).result(timeout=60)
        chromium = figures._opened.result().subprocess
        chromium.kill()
        chromium.wait(timeout=10)
        assert b"Masked ROCs" in figures.render(BARS, 500, 300).result(timeout=60)
    finally:
        figures.close()


def test_a_broken_chromium_is_replaced_and_closed(monkeypatch):
    """A browser marked broken (a tab that neither reloads nor loads afresh) is replaced by a new
    Chromium on the next figure, and its own is closed, not left running."""
    monkeypatch.setattr(figures, "_opened", None)  # a Chromium of this test's own
    try:
        figures.render(BARS, 500, 300).result(timeout=60)
        old = figures._opened.result()
        assert old.subprocess.poll() is None  # running
        old.broken = True
        assert b"Masked ROCs" in figures.render(BARS, 500, 300).result(timeout=60)
        assert figures._opened.result() is not old
        try:
            old.subprocess.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail("the broken browser's Chromium was left running")
    finally:
        figures.close()


@pytest.mark.parametrize("reload, navigate, broken", [
    (works, fails, False), (hangs, works, False), (fails, works, False), (hangs, fails, True), (fails, hangs, True),
])  # fmt: skip
def test_a_tab_is_reloaded_apart_from_its_figure_and_always_handed_back(monkeypatch, reload, navigate, broken):
    """The RELOAD_EVERY-th figure's tab, or a cancelled figure's, is reloaded by a task of its own
    (a figure's task may be cancelled again mid-reload) and handed back whatever the reload does: a
    tab lost would leave every later figure of the worker waiting for one. A tab that neither
    reloads nor loads afresh marks the browser broken, so the next figure starts a new Chromium."""
    monkeypatch.setattr(figures, "RELOAD_TIMEOUT", 0.05)
    browser = figures.WarmKaleido(page_generator=figures.kaleido_page())  # not opened: no Chromium
    tab = FakeTab(reload, navigate)

    async def return_tab():
        browser.figures_since_reload[tab] = figures.RELOAD_EVERY - 1
        browser._index = "file:///index.html"  # as open() sets it
        figure = asyncio.current_task()
        await browser._return_kaleido_tab(tab)
        assert browser.tabs_ready.empty()  # reloading
        figure.cancel()  # as kaleido cancels a figure's task again: the reload goes on
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            figure.uncancel()
        return await asyncio.wait_for(browser.tabs_ready.get(), 1)

    assert in_own_loop(return_tab()) is tab
    assert browser.figures_since_reload[tab] == 0 and browser.broken is broken


class NotLoadedYet:
    """A kaleido whose tab's page has not run kaleido's script for its first ``failures`` figures."""

    def __init__(self, failures, message="ReferenceError: kaleido_scopes is not defined"):
        self.failures, self.message, self.calls = failures, message, 0

    async def calc_fig(self, figure, opts):
        self.calls += 1
        if self.calls <= self.failures:
            raise RuntimeError({"description": self.message})
        return b"<svg/>"


def test_a_figure_is_drawn_again_when_its_tabs_page_was_not_loaded(monkeypatch):
    monkeypatch.setattr(figures, "DRAW_RETRY_PAUSE", 0)
    browser = NotLoadedYet(failures=2)
    assert in_own_loop(figures.drawn(browser, {"data": []}, {"format": "svg"})) == b"<svg/>" and browser.calls == 3
    always = NotLoadedYet(failures=99)
    with pytest.raises(RuntimeError, match="kaleido_scopes"):
        in_own_loop(figures.drawn(always, {"data": []}, {"format": "svg"}))
    assert always.calls == figures.DRAW_ATTEMPTS
    other = NotLoadedYet(failures=1, message="TypeError: bad figure")  # the figure's own error: at once
    with pytest.raises(RuntimeError, match="bad figure"):
        in_own_loop(figures.drawn(other, {"data": []}, {"format": "svg"}))
    assert other.calls == 1
