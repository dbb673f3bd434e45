"""`make run`'s server command: a clear message when the port is taken, a check that only checks,
gunicorn with its workers and threads. (The demo database's build, the same every time:
tests/test_database_faults.py; when it is rebuilt: tests/test_demo_database.py.)"""
import socket

import pytest
from django.core.management import CommandError, call_command


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
