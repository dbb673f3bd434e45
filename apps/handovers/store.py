"""Handing a shift over: the input checked, the shift's next version reserved, the PDF made, then
one row stored with it, or nothing.

A refusal is a DialectError naming the field at fault (``source.pointer`` of a JSON:API error).
"""
import hashlib
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import QueryDict

from apps.reports.pdf import moment_text, pdf_response, pixelws_version
from apps.workspace.pages import pages
from apps.workspace.portlets.notes import checked_notes
from apps.workspace.selection import resolve
from pixelws.dialect.errors import DialectError
from pixelws.shifts import Shift
from pixelws.text import plain_name

from .models import Handover, Reservation
from .routers import ALIAS

PAGE = "shift_report"
VERSIONS_MAX = 20  # handovers of one shift
SHIFTER_MAX = 200  # characters
SHIFT, SHIFTER, NOTES = "/data/attributes/shift", "/data/attributes/shifter", "/data/attributes/notes"


def checked_shift(raw):
    if not isinstance(raw, str):
        raise DialectError("Give the shift handed over, e.g. 2018-10-09/evening.", SHIFT, status=422)
    shift = Shift.parse(raw, SHIFT)
    if shift.start > datetime.now(timezone.utc):
        raise DialectError(f"The {shift.name} shift of {shift.date} has not started yet: no handover of it.", SHIFT, status=422)
    return shift


def checked_shifter(raw):
    name = plain_name(raw, SHIFTER)
    if not name:
        raise DialectError("Give the shifter's name: who hands the shift over.", SHIFTER, status=422)
    if len(name) > SHIFTER_MAX:
        raise DialectError(f"The shifter's name has {len(name)} characters; at most {SHIFTER_MAX}.", SHIFTER, status=422)
    return name


@contextmanager
def reserved_version(shift):
    """The shift's next version, reserved while its handover is made (a Reservation): a second
    handover of the shift meanwhile is a 409 at once, before its PDF. Released when done, stored or not."""
    latest = Handover.objects.filter(shift=shift.id).aggregate(Max("version"))["version__max"] or 0
    if latest >= VERSIONS_MAX:
        raise DialectError(f"The {shift.name} shift of {shift.date} has been handed over {latest} times, the most there "
                           "may be; ask the shift leader.", SHIFT, status=409)  # fmt: skip
    version, now = latest + 1, datetime.now(timezone.utc)
    abandoned = now - timedelta(seconds=2 * settings.PDF_TIME_LIMIT)  # its process killed mid-handover
    try:
        with transaction.atomic(using=ALIAS):
            Reservation.objects.filter(shift=shift.id, version=version, reserved_time__lt=abandoned).delete()
            Reservation.objects.create(shift=shift.id, version=version, reserved_time=now)
    except IntegrityError:
        raise DialectError(f"Someone else is handing the {shift.name} shift of {shift.date} over just now (version "
                           f"{version}); reload the page in a minute to see it, then hand over again if need be.",
                           SHIFT, status=409) from None  # fmt: skip
    try:
        yield version
    finally:
        Reservation.objects.filter(shift=shift.id, version=version, reserved_time=now).delete()


def hand_over(request, shift_id, shifter, notes):
    """The new Handover of ``shift_id``, stored with its PDF; or a DialectError and nothing stored."""
    from .pdf import HandoverPdf  # WeasyPrint's import is for the first PDF, not for every worker

    shift, shifter, notes = checked_shift(shift_id), checked_shifter(shifter), checked_notes(notes or "", NOTES)
    with reserved_version(shift) as version:
        created = datetime.now(timezone.utc).replace(microsecond=0)
        page = pages()[PAGE]
        query = QueryDict(mutable=True)
        query["shift"] = shift.id
        selection = resolve(page.selectors, query)
        summary = {"shift": shift.id, "shifter": shifter, "notes": notes, "version": version, "time_text": moment_text(created)}
        pdf = pdf_response(HandoverPdf(request, page, selection, summary), "Not handed over (nothing was stored): ").content
        handover = Handover(shift=shift.id, shifter=shifter, notes=notes, created_time=created, version=version,
                            selection=query.urlencode(safe="/"), pixelws_version=pixelws_version(),
                            sha256=hashlib.sha256(pdf).hexdigest(), pdf_size=len(pdf), pdf=pdf)  # fmt: skip
        try:
            with transaction.atomic(using=ALIAS):
                handover.save()
        except IntegrityError:  # a reservation taken over as abandoned while its handover was still being made
            raise DialectError(f"Someone else handed the {shift.name} shift of {shift.date} over just now (version {version}); "
                               "reload the page to see it, then hand over again.", SHIFT, status=409) from None  # fmt: skip
    return handover
