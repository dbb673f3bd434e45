"""Benchmark (not a test): a PDF layout abandoned at its time limit (apps/reports/layout.py).
A layout of 30 000 paragraphs (tens of seconds of WeasyPrint) is given a deadline 0.5 s ahead;
its process is killed there, and the next, small layout does not wait behind it. Targets: the
abandoned layout is given up within 0.3 s after its deadline (a poll of 0.05 s, then the kill);
the next layout takes at most 2 s. tests/security/test_bounded_pdf.py checks that the layout is
abandoned and killed, without a clock.

    .venv/bin/python benchmarks/pdf_abandoned.py
"""
import time

from common import machine, row, setup_django

LONG = "<html><body>" + "<p>a paragraph to lay out</p>" * 30000 + "</body></html>"
GIVEN_UP_TARGET_MS, NEXT_TARGET_MS = 300, 2000


def main():
    setup_django()
    from apps.reports.layout import LayoutAbandoned, lay_out, start

    print(machine())
    start()  # the fork server, once per worker (at its start, not in a request)
    deadline = time.monotonic() + 0.5
    try:
        lay_out(LONG, "http://testserver/", "testserver", deadline=deadline)
        raise SystemExit("the long layout finished before its deadline: nothing was abandoned")
    except LayoutAbandoned as abandoned:
        given_up = (time.monotonic() - deadline) * 1000
        assert abandoned.reason == "timeout", abandoned.reason
    started = time.monotonic()
    lay_out("<p>next</p>", "http://testserver/", "testserver", deadline=started + 60)
    next_ms = (time.monotonic() - started) * 1000
    print("A layout of 30 000 paragraphs with a deadline 0.5 s ahead, then a one-line layout:")
    row("abandoned layout given up, after its deadline", given_up, GIVEN_UP_TARGET_MS)
    row("the next layout (wall time)", next_ms, NEXT_TARGET_MS)


if __name__ == "__main__":
    main()
