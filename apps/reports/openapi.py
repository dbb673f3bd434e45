"""The reports' endpoint in /api/v1/openapi.json (pixelws/openapi.py gathers them): a page's PDF."""
from apps.workspace.openapi import path_parameter, state_parameters
from apps.workspace.pages import pages
from pixelws.openapi import ERRORS


def paths():
    pdf = {"description": "The page as an A4 PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
    notes = {"type": "object", "additionalProperties": {"type": "string"},
             "description": "notes.<n>: the text of the page's n-th portlet (from 0) if it is a notes portlet"}  # fmt: skip

    def operation(method, **extra):
        return {
            "operationId": f"page_pdf_{method}", "summary": "A page as a PDF, for the state given as on the page's URL",
            "parameters": [path_parameter("id", "a page's id", sorted(pages())), *state_parameters()],
            "responses": {"200": pdf, "400": ERRORS, "404": ERRORS, "504": ERRORS}, **extra,
        }  # fmt: skip

    form = {"content": {media: {"schema": notes} for media in ("application/x-www-form-urlencoded", "multipart/form-data")}}
    return {"/pages/{id}.pdf": {"get": operation("get"), "post": operation("post", requestBody=form)}}
