#!/usr/bin/python3
"""A real SMTP server on loopback for Candor's subscription tests and the fan-out bench.

Debian's aiosmtpd (python3-aiosmtpd) speaks the protocol; this file only decides what to do
with each message. Run it with /usr/bin/python3 (the Debian interpreter that has aiosmtpd).

    smtp_capture.py --out DIR [--fail-first N] [--reject-domain D] [--discard] [--auth USER:PASSWORD]

Listens on 127.0.0.1 on a free port and prints "SMTP listening on 127.0.0.1:PORT" as its
first line. Each accepted message is written to DIR as NNNNNN.eml (the raw bytes received)
plus NNNNNN.json ({"mail_from", "rcpt_tos"}); the .eml appears by rename, so a reader never
sees half a file. --fail-first N answers "451 4.3.0" to the first N messages (at DATA), the
way a relay says "try later". --reject-domain D answers "550 5.1.1" to RCPT for addresses at
D (a rejected address). --auth requires a login (AUTH PLAIN or LOGIN, allowed without TLS here
on loopback) with exactly these credentials before MAIL. --discard keeps nothing but a count, written to DIR/count every
second and at exit (the bench's sink).
"""
import argparse
import asyncio
import json
import os
import signal

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Capture:
    def __init__(self, out, fail_first, reject_domain, discard):
        self.out = out
        self.fail_left = fail_first
        self.reject_domain = reject_domain.lower() if reject_domain else None
        self.discard = discard
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_domain and address.lower().endswith('@' + self.reject_domain):
            return '550 5.1.1 mailbox unavailable'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            return '451 4.3.0 try again later'
        self.count += 1
        if not self.discard:
            name = os.path.join(self.out, '%06d' % self.count)
            with open(name + '.json', 'w') as f:
                json.dump({'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos}, f)
            with open(name + '.tmp', 'wb') as f:
                f.write(envelope.original_content or envelope.content)
            os.rename(name + '.tmp', name + '.eml')
        return '250 OK'

    def write_count(self):
        tmp = os.path.join(self.out, 'count.tmp')
        with open(tmp, 'w') as f:
            f.write(str(self.count))
        os.rename(tmp, os.path.join(self.out, 'count'))


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
        return AuthResult(success=ok)
    return check


async def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', required=True)
    p.add_argument('--fail-first', type=int, default=0)
    p.add_argument('--reject-domain')
    p.add_argument('--discard', action='store_true')
    p.add_argument('--auth')
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    handler = Capture(a.out, a.fail_first, a.reject_domain, a.discard)
    loop = asyncio.get_running_loop()
    # decode_data=False: the message bytes exactly as sent (the tests parse them themselves);
    # a fixed hostname avoids a slow getfqdn() lookup per connection.
    auth = {}
    if a.auth:
        user, _, password = a.auth.partition(':')
        auth = {'authenticator': authenticator(user.encode(), password.encode()),
                'auth_required': True, 'auth_require_tls': False}
    server = await loop.create_server(
        lambda: SMTP(handler, decode_data=False, hostname='capture.test', data_size_limit=10 * 1024 * 1024, **auth),
        '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    print('SMTP listening on 127.0.0.1:%d' % port, flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass
        if a.discard:
            handler.write_count()
    server.close()
    if a.discard:
        handler.write_count()


if __name__ == '__main__':
    asyncio.run(main())
