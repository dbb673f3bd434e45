"""What the browser tests share: the screens, finding a portlet and waiting until every portlet has settled."""

LAPTOP, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}

SETTLED = """() => { const ps = [...document.querySelectorAll('.portlet')];
  return ps.length > 0 && ps.every(p => p.dataset.state && p.dataset.state !== 'loading'); }"""


def portlet(page, title):
    return page.locator(f'.portlet[data-title="{title}"]')


def open_settled(page, url):
    page.goto(url)
    page.wait_for_function(SETTLED)


def settled_in_place(page, title):
    """Until the page opened in place (a drill-down: shell.js builds it without a reload) shows its
    portlet ``title`` and every portlet has settled. The old page's portlets read settled until
    the new ones replace them, which start with no state (portlet.js)."""
    page.wait_for_function(f"title => document.querySelector(`.portlet[data-title=\"${{title}}\"]`) !== null && ({SETTLED})()", arg=title)


def traces(page, title):
    """[(name, number of points)] of the data a portlet's plot drew, read from plotly's graph div
    (not the events it marks: tests/browser/test_events_timeline.py)."""
    return portlet(page, title).locator(".plot").evaluate(
        "g => g.data.filter(t => t.legendgroup !== 'Events').map(t => [t.name, t.x.length])")


def table_rows(page, title):
    """The cells' text of each row a table portlet shows."""
    return portlet(page, title).locator("tbody tr").evaluate_all("rs => rs.map(r => [...r.cells].map(c => c.textContent))")
