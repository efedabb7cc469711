"""Crash durability (bench/crash.sh): TRIALS times, a writer posts incident writes over HTTP
while `candor serve` is killed with SIGKILL at a random moment; then the store must pass
`PRAGMA integrity_check`, the server must start again, and every write that was acknowledged
(a 2xx fully received) must be in the store. Prints the counts; exits 1 if anything was lost."""
import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time

from candor_bench import Server, call, integrity, run


def stored(db, sql):
    r = subprocess.run(['sqlite3', db, sql], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f'sqlite3 {sql}: {r.stderr}')
    return set(r.stdout.splitlines())


class Writer(threading.Thread):
    """Opens an incident, then posts updates to it on one keep-alive connection until the
    server dies. `acked` holds what the server acknowledged."""

    def __init__(self, server, token, trial, previous):
        super().__init__()
        self.server, self.token, self.trial, self.previous = server, token, trial, previous
        self.acked_incidents, self.acked_updates, self.incident = [], [], None

    def post(self, conn, path, body):
        conn.request('POST', path, body=json.dumps(body),
                     headers={'Content-Type': 'application/json', 'Authorization': f'Bearer {self.token}'})
        r = conn.getresponse()
        data = r.read()
        return r.status, data

    def run(self):
        try:
            conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=10)
            if self.previous:  # the last trial's incident, so open incidents do not pile up
                message = f'crash trial {self.trial} resolves'
                status, _ = self.post(conn, f'/api/v1/incidents/{self.previous}/resolve', {'message': message})
                if 200 <= status < 300:
                    self.acked_updates.append(message)
            status, data = self.post(conn, '/api/v1/incidents', {
                'name': f'crash trial {self.trial}', 'impact': 'minor', 'category': 'API',
                'message': f'crash trial {self.trial} opens'})
            if not 200 <= status < 300:
                return
            self.incident = json.loads(data)['id']
            self.acked_incidents.append(self.incident)
            self.acked_updates.append(f'crash trial {self.trial} opens')
            for n in range(100000):
                message = f'crash trial {self.trial} update {n}'
                status, _ = self.post(conn, f'/api/v1/incidents/{self.incident}/updates',
                                      {'status': 'identified', 'message': message})
                if 200 <= status < 300:
                    self.acked_updates.append(message)
        except (OSError, http.client.HTTPException, ValueError):
            return  # the server was killed


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--trials', type=int, default=100)
    p.add_argument('--max-delay', type=float, default=1.0, help='longest run before the kill, seconds')
    p.add_argument('--seed', type=int, default=9)
    a = p.parse_args()
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix='candor-crash-')
    db, log = os.path.join(work, 'portal.db'), os.path.join(work, 'server.log')
    Server(db, log, command='demo').stop()
    token = run('token', 'create', '--db', db).stdout.strip()

    acked = lost = corrupt = failed_start = 0
    previous = None
    server = Server(db, log)
    started = time.monotonic()
    for trial in range(a.trials):
        w = Writer(server, token, trial, previous)
        w.start()
        time.sleep(rng.uniform(0.02, a.max_delay))
        server.stop(signal.SIGKILL)
        w.join()
        if integrity(db) != 'ok':
            corrupt += 1
        try:
            server = Server(db, log)
            if call(server, 'GET', '/api/v1/portal.json')[0] != 200:
                failed_start += 1
        except SystemExit:
            failed_start += 1
            break
        updates = stored(db, 'SELECT body FROM incident_updates')
        incidents = stored(db, 'SELECT id FROM incidents')
        acked += len(w.acked_updates)
        lost += sum(1 for m in w.acked_updates if m not in updates)
        lost += sum(1 for i in w.acked_incidents if i not in incidents)
        previous = w.incident if w.incident in incidents else previous
    server.stop()
    wall = time.monotonic() - started
    print('| trials | acknowledged writes | lost | integrity_check failures | failed restarts | wall |')
    print('|---:|---:|---:|---:|---:|---:|')
    print(f'| {a.trials} | {acked} | {lost} | {corrupt} | {failed_start} | {wall:.0f} s |')
    print(f'store and log: {work}')
    sys.exit(0 if lost == 0 and corrupt == 0 and failed_start == 0 else 1)


if __name__ == '__main__':
    main()
