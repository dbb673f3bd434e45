"""Plots as vector SVG, for a page's first paint (first_paint.py) and the PDFs (apps/reports):
the very plotly figures the browser draws, rendered by kaleido in one Chromium per worker
process, started as the worker starts and kept warm.

kaleido runs on an event loop of its own (a thread), so a report hands each figure over as soon
as its portlet is queried and goes on with the next portlet while Chromium draws: render() returns
a Future. Imported on the first PDF only (kaleido and choreographer take 0.1 s to import).
"""
import asyncio
import atexit
import threading
from collections import Counter

from django.conf import settings
from kaleido import Kaleido, PageGenerator

from .staticfiles import CARTESIAN, bundle_folders

RELOAD_EVERY = 50  # figures a kaleido tab renders before its page is loaded afresh
RELOAD_TIMEOUT = 10  # s: a reload takes 0.1 s
SCRIPTS_NOT_LOADED = "kaleido_scopes is not defined"  # a tab whose page has not run kaleido's script yet
DRAW_ATTEMPTS, DRAW_RETRY_PAUSE = 3, 0.2  # s
_start_lock = threading.Lock()
_loop = None  # kaleido's event loop, in a thread of its own
_opened = None  # the Future of the WarmKaleido opened on it


def kaleido_page():
    """The page kaleido renders figures in: the plotly.js the browser runs (the cartesian bundle)
    and no MathJax, which the browser's pages do not load either. kaleido's default page loads
    MathJax from a CDN (plotly/Kaleido#36, #67): on a server without internet, loading the page
    then waits now and then 5 s for a DNS lookup that fails."""
    return PageGenerator(plotly=(bundle_folders()[CARTESIAN] / CARTESIAN).as_uri(), mathjax=False)


class WarmKaleido(Kaleido):
    """kaleido, with its tab reloaded every RELOAD_EVERY figures instead of after each one.

    kaleido 1.x (pinned in pyproject.toml) reloads its tab after every figure so that each starts
    from a fresh page: 75 ms of parsing plotly.js again, more than a figure takes to draw. plotly.js
    toImage draws into a div of its own and removes it when done, so a figure leaves nothing behind
    for the next one; only one that fails may leave its div, and the reload every RELOAD_EVERY
    figures bounds that. A tab whose figure was cancelled is reloaded at once. kaleido offers no
    option for this: ``_return_kaleido_tab`` is the private method that hands a tab back to the
    queue of ready tabs after a figure."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.figures_since_reload = Counter()
        self.reloading = set()  # the tasks reloading tabs (held: asyncio keeps only weak references)
        self.broken = False  # a tab neither reloaded nor navigated afresh: a new Chromium is due

    async def _return_kaleido_tab(self, tab):
        self.figures_since_reload[tab] += 1
        # A figure cancelled (its PDF out of time) may still be drawing, or its page be stuck.
        cancelled = asyncio.current_task().cancelling()
        if not cancelled and self.figures_since_reload[tab] < RELOAD_EVERY:
            self.tabs_ready.put_nowait(tab)
            return
        self.figures_since_reload[tab] = 0
        # Reloaded by a task of its own, not by the figure's: kaleido cancels a figure's task twice
        # (gather, then its own finally), and a reload cut short leaves the tab with its page's old
        # JavaScript context ("Cannot find context with specified id" for every later figure).
        task = asyncio.get_running_loop().create_task(self.reload_then_hand_back(tab))
        self.reloading.add(task)
        task.add_done_callback(self.reloading.discard)

    async def reload_then_hand_back(self, tab):
        try:
            await asyncio.wait_for(tab.reload(), RELOAD_TIMEOUT)
        except Exception:  # the page stuck or gone: loaded afresh, as kaleido first loads it
            try:
                await asyncio.wait_for(tab.navigate(self._index), RELOAD_TIMEOUT)
            except Exception:
                self.broken = True
        # Handed back whatever happened: with a tab lost, every later figure of this worker would
        # wait for one for ever.
        self.tabs_ready.put_nowait(tab)


def chromium():
    """This process's event loop for kaleido and the Future of its opened browser: started by the
    first call (the first figure of the first PDF), without waiting for Chromium to be up; started
    again if it failed to start or has exited since."""
    global _loop, _opened
    with _start_lock:  # two first PDFs at once start one Chromium
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="kaleido", daemon=True).start()
            atexit.register(close)
        if _opened is None or not usable(_opened):
            stale, _opened = _opened, asyncio.run_coroutine_threadsafe(_open(), _loop)
            if stale is not None and stale.done() and not stale.cancelled() and not stale.exception():
                asyncio.run_coroutine_threadsafe(stale.result().close(), _loop)  # not left running
    return _loop, _opened


def usable(opened):
    """Still opening, or opened with its Chromium running."""
    if not opened.done():
        return True
    if opened.cancelled() or opened.exception():
        return False
    browser = opened.result()
    return not browser.broken and browser.subprocess.poll() is None


async def _open():
    # A PDF cancels its figures when it runs out of time (pdf.py); kaleido's own limit, the same,
    # frees the tab even if that cancel were lost.
    browser = WarmKaleido(page_generator=kaleido_page(), timeout=settings.PDF_TIME_LIMIT)
    await browser.open()
    return browser


def close():
    """Chromium closed, not left behind (at the worker's exit)."""
    if _opened is not None and _opened.done() and usable(_opened):
        asyncio.run_coroutine_threadsafe(_opened.result().close(), _loop).result(timeout=10)


def render(figure, width, height):
    """A Future of the figure as SVG (bytes) of width × height px."""
    loop, opened = chromium()

    async def svg():
        # Shielded: a PDF out of time cancels its figures, not the opening of Chromium.
        browser = await asyncio.shield(asyncio.wrap_future(opened))
        return await drawn(browser, figure, {"format": "svg", "width": width, "height": height})

    return asyncio.run_coroutine_threadsafe(svg(), loop)


async def drawn(browser, figure, opts):
    """The figure drawn by ``browser``, drawn again (after a pause) when its tab's page had not
    run kaleido's script yet: a Chromium just started under load answers a first figure with
    "ReferenceError: kaleido_scopes is not defined" now and then (a 500 for the PDF, seen once in
    3000 fuzzed requests). Any other error is the figure's own."""
    for attempt in range(1, DRAW_ATTEMPTS + 1):
        try:
            return await browser.calc_fig(figure, opts=opts)
        except RuntimeError as error:  # kaleido's JavascriptError
            if SCRIPTS_NOT_LOADED not in str(error) or attempt == DRAW_ATTEMPTS:
                raise
            await asyncio.sleep(DRAW_RETRY_PAUSE)
