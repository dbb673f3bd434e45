"""Each distinct PDF the tests read, made once per test process and shared by every check of it:
a PDF takes seconds (its portlets queried, its plots drawn by kaleido, WeasyPrint's layout), and
several tests look at different things of one PDF. Tests that read one PDF sit in one module, so
that pytest-xdist's --dist loadfile runs them in one process."""
from django.test import Client

_made = {}


def made_pdf(url, form=None):
    """The response to GET ``url``, or to POST ``form`` ({field: text}) to it; made by the first
    call, the same object for the later ones (a response that is not a PDF is made afresh)."""
    key = (url, tuple(sorted(form.items())) if form is not None else None)
    if key not in _made:
        response = Client().get(url) if form is None else Client().post(url, form)
        if response.status_code != 200:
            return response
        _made[key] = response
    return _made[key]
