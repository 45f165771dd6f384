"""A real SMTP server for the tests, on a free port in the test process: what the app sends goes
over SMTP (as in production), the test reads what arrived, and stopping it is mail being down."""

import email
import socket
from collections import Counter
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    def __init__(self):
        self.port = free_port()
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.messages: list[Message] = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def count_by(self, header: str) -> Counter:
        """How many messages arrived per value of `header` (e.g. per reminder id)."""
        return Counter(m[header] for m in self.messages if m[header])
