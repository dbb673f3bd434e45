"""The two commands `make run` relies on: the demo database (rebuilt, one copy, the same every
time) and the server (a clear message when the port is taken)."""
import socket

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from apps.demo_source import generator
from apps.demo_source.models import DcsHvReading, OmsLumisection, PxlMaskedRoc
from apps.events.models import ReadbackOutlier

pytestmark = pytest.mark.long


def fingerprint():
    return (
        OmsLumisection.objects.count(),
        OmsLumisection.objects.aggregate(Sum("init_lumi"))["init_lumi__sum"],
        PxlMaskedRoc.objects.count(),
        PxlMaskedRoc.objects.aggregate(Sum("first_ls"))["first_ls__sum"],
        DcsHvReading.objects.count(),
        DcsHvReading.objects.aggregate(Sum("imon"))["imon__sum"],
        # A materialised view (pixelws.sqlviews) is materialised again from the new rows.
        sorted(ReadbackOutlier.objects.values_list("outlier_id", flat=True)),
    )


@pytest.mark.django_db
def test_rebuilding_the_demo_data_keeps_one_identical_copy():
    before = fingerprint()
    counts = generator.build()
    assert fingerprint() == before
    assert counts["OMS_LUMISECTIONS"] == before[0] and counts["PXL_MASKED_ROCS"] == before[2]
    assert counts["DCS_HV_READINGS"] == before[4]
    assert len(before[6]) == 20


def test_serve_says_when_the_port_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=rf"Port {port} on 127.0.0.1 is already in use.*make run PORT={port + 1}"):
            call_command("serve", port=port)


def test_serve_check_only_checks(capsys):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    call_command("serve", port=port, check=True)  # returns instead of starting gunicorn
    assert capsys.readouterr().out == ""


@pytest.mark.django_db(databases=["default", "handovers"])
def test_serve_starts_gunicorn_with_its_workers_and_threads(monkeypatch):
    from pixelws.gunicorn_app import Server

    started = []
    monkeypatch.setattr(Server, "run", lambda server: started.append(server.cfg))
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    call_command("serve", port=port, workers=3, threads=4)
    (config,) = started
    assert (config.bind, config.workers, config.threads) == ([f"127.0.0.1:{port}"], 3, 4)
