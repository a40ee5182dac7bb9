#!/usr/bin/env python3
"""A local SMTP sink for tests/cli/remind.sh: listens on 127.0.0.1 only,
at a free port it picks, writes the port to PORTFILE once it listens,
and each message it receives to DIR/NNN.eml (the bytes as received).
Runs until killed (SIGTERM). aiosmtpd (Debian python3-aiosmtpd) when
this Python has it, else the standard library's smtpd (up to 3.11).

    python3 smtp_sink.py DIR PORTFILE
"""
import os
import signal
import socket
import sys
import threading

try:
    from aiosmtpd.controller import Controller
except ImportError:
    Controller = None


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            path = os.path.join(self.folder, "%03d.eml" % self.count)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, path)  # whole files only, for the test to read
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write(folder, count, data):
    path = os.path.join(folder, "%03d.eml" % count)
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.rename(path + ".tmp", path)


class StdlibController:
    """The same with smtpd and asyncore, in a thread."""

    def __init__(self, folder, port):
        import warnings
        warnings.simplefilter("ignore", DeprecationWarning)
        import asyncore
        import smtpd

        class Server(smtpd.SMTPServer):
            count = 0

            def process_message(self, peer, mailfrom, rcpttos, data, **kw):
                Server.count += 1
                write(folder, Server.count, data if isinstance(data, bytes) else data.encode())

        self.asyncore = asyncore
        self.server = Server(("127.0.0.1", port), None, decode_data=False)
        self.thread = threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.1}, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.close()


def main():
    folder, portfile = sys.argv[1], sys.argv[2]
    port = free_port()
    if Controller:
        controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    else:
        controller = StdlibController(folder, port)
    controller.start()
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(portfile + ".tmp", portfile)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
