"""What the fault, crash and soak benches share: a `candor serve` child on loopback, plain
HTTP calls, and reading the server's resident memory and open descriptors from /proc."""
import http.client
import json
import os
import re
import signal
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def candor_bin():
    return os.environ.get('CANDOR_BIN', os.path.join(ROOT, 'build', 'native', 'bin', 'candor'))


def run(*args, check=True):
    r = subprocess.run([candor_bin(), *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit(f'candor {" ".join(args)} failed ({r.returncode}): {r.stderr.strip()}')
    return r


class Server:
    """`candor serve` (or `demo`) on a free loopback port; stderr goes to LOG."""

    def __init__(self, db, log, command='serve', extra=()):
        self.log = open(log, 'ab')
        self.proc = subprocess.Popen([candor_bin(), command, '--db', db, '--port', '0', '--web', '/nonexistent',
                                      *extra], stdout=subprocess.PIPE, stderr=self.log)
        line = self.proc.stdout.readline().decode()
        m = re.search(r'Candor serving at http://([^:/]+):(\d+)/', line)
        if not m:
            self.proc.kill()
            raise SystemExit(f'candor did not start (see {log}): {line!r}')
        self.host, self.port = m.group(1), int(m.group(2))
        self.url = f'http://{self.host}:{self.port}'

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)
        self.log.close()
        return self.proc.returncode

    def rss_kib(self):
        with open(f'/proc/{self.proc.pid}/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
        return 0

    def open_fds(self):
        return len(os.listdir(f'/proc/{self.proc.pid}/fd'))


def call(server, method, path, body=None, token=None, headers=None, timeout=30):
    """(status, headers dict with lower-case names, body bytes); a new connection each time."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    h = dict(headers or {})
    if body is not None:
        h['Content-Type'] = 'application/json'
        body = json.dumps(body) if not isinstance(body, (str, bytes)) else body
    if token:
        h['Authorization'] = f'Bearer {token}'
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def integrity(db):
    r = subprocess.run(['sqlite3', db, 'PRAGMA integrity_check'], capture_output=True, text=True)
    return (r.stdout.strip() or r.stderr.strip())


def first_open_incident(server):
    _, _, body = call(server, 'GET', '/api/v1/portal.json')
    doc = json.loads(body)
    return next(i['id'] for i in doc['incidents'] if i['status'] != 'resolved'), doc


def wait_for(predicate, seconds, step=0.1):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
