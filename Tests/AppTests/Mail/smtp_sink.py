#!/usr/bin/env python3
"""A local SMTP server for POETQ's mail tests, on aiosmtpd.

Listens on 127.0.0.1 on a free port and writes that port to DIR/ready once it accepts connections.
Every message it accepts becomes DIR/message-NNNN.json: the envelope, the headers decoded by
Python's email package (RFC 2047 subjects and names, quoted-printable bodies), and the raw text.
Recipients listed in DIR/refuse.txt (one per line, read at each RCPT) are refused with 550; those in
DIR/defer.txt get 450 (try again later).
--auth USER:PASSWORD requires AUTH (PLAIN or LOGIN; --only-login leaves PLAIN out) before MAIL; --tls-cert/--tls-key offer
STARTTLS and require it. Exits when its parent process goes away.
"""
import argparse
import json
import os
import socket
import ssl
import sys
import time

from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Recorder:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.logins = {}

    def refused(self, name="refuse.txt"):
        path = os.path.join(self.directory, name)
        if not os.path.exists(path):
            return set()
        with open(path, encoding="utf-8") as handle:
            return {line.strip().lower() for line in handle if line.strip()}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused():
            return "550 5.1.1 <%s>: Recipient address rejected: refused by the test" % address
        if address.lower() in self.refused("defer.txt"):
            return "450 4.2.1 <%s>: Mailbox busy, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = BytesParser(policy=policy.default).parsebytes(raw)
        self.count += 1
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "date": str(message["Date"]),
            "messageID": str(message["Message-ID"]),
            "contentType": message.get_content_type(),
            "charset": message.get_content_charset() or "",
            "transferEncoding": str(message["Content-Transfer-Encoding"]),
            "body": message.get_content(),
            "raw": raw.decode("utf-8", "replace"),
            "login": self.logins.get(id(session), ""),
            "tls": session.ssl is not None,
        }
        name = os.path.join(self.directory, "message-%04d.json" % self.count)
        with open(name + ".tmp", "w", encoding="utf-8") as handle:
            json.dump(record, handle)
        os.rename(name + ".tmp", name)
        return "250 2.0.0 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--auth")
    parser.add_argument("--only-login", action="store_true", help="offer AUTH LOGIN but not PLAIN")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    options = parser.parse_args()

    recorder = Recorder(options.directory)
    kwargs = {}
    if options.auth:
        user, password = options.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == user.encode() and auth_data.password == password.encode()
            if ok:
                recorder.logins[id(session)] = auth_data.login.decode()
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
        if options.only_login:
            kwargs.update(auth_exclude_mechanism=["PLAIN"])
    if options.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(options.tls_cert, options.tls_key)
        kwargs.update(tls_context=context, require_starttls=True)

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    with open(os.path.join(options.directory, "ready.tmp"), "w") as handle:
        handle.write(str(port))
    os.rename(os.path.join(options.directory, "ready.tmp"), os.path.join(options.directory, "ready"))
    parent = os.getppid()
    try:
        while os.getppid() == parent:
            time.sleep(0.5)
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
