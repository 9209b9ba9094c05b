"""A real SMTP server on loopback (aiosmtpd) for the mail tests: messages it receives are parsed
with the email package; it can be stopped and started again on the same port mid-test."""

import email
import email.policy
import socket
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refusing = False  # answer every recipient with a permanent 550

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            return "550 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]


class MailServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = _free_port()
        self._controller = None

    def start(self) -> None:
        # A new controller each time: aiosmtpd's cannot be restarted once stopped.
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.inbox.messages


class SilentServer:
    """Accepts the TCP connection and never says a word: SMTP's greeting never comes."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(5)
        self.port = self._socket.getsockname()[1]

    def close(self) -> None:
        self._socket.close()


def part(message: EmailMessage, content_type: str) -> str:
    return next(p for p in message.walk() if p.get_content_type() == content_type).get_content()


def subject(message: EmailMessage) -> str:
    # A long encoded Subject is folded onto a continuation line; the fold's space is not text.
    return str(message["Subject"]).strip()
