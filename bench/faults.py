"""Fault injection against a real `candor serve` (bench/faults.sh runs it as root): the store on
a small tmpfs that fills up, the store file made read-only (chattr +i), a client that leaves
mid-request, slowloris clients. Prints one table row per check; exits 1 if any check fails."""
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from candor_bench import Server, call, integrity, run, first_open_incident, wait_for

rows = []


def check(fault, what, ok, seen):
    rows.append((fault, what, 'ok' if ok else 'FAIL', seen))


def update(server, token, incident, n, size=200):
    body = {'status': 'identified', 'message': f'fault bench update {n} ' + 'x' * size}
    return call(server, 'POST', f'/api/v1/incidents/{incident}/updates', body, token)


def portal(server, etag=None):
    return call(server, 'GET', '/api/v1/portal.json', headers={'If-None-Match': etag} if etag else None)


def latencies_ms(server, n):
    """n keep-alive GETs of the snapshot on one connection, each timed."""
    import http.client
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    out = []
    for _ in range(n):
        t = time.perf_counter()
        conn.request('GET', '/api/v1/portal.json')
        r = conn.getresponse()
        r.read()
        out.append((time.perf_counter() - t) * 1000)
        assert r.status == 200, r.status
    conn.close()
    out.sort()
    return statistics.median(out), out[int(len(out) * 0.99) - 1]


def disk_full(work, log):
    fs = os.path.join(work, 'small')
    os.makedirs(fs)
    if subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', fs]).returncode != 0:
        raise SystemExit('cannot mount a tmpfs here (needs root): the disk-full fault needs a small filesystem')
    try:
        db = os.path.join(fs, 'portal.db')
        demo = Server(db, log, command='demo')
        demo.stop()
        token = run('token', 'create', '--db', db).stdout.strip()
        server = Server(db, log)
        incident, _ = first_open_incident(server)
        status = update(server, token, incident, 0)[0]
        check('disk full', 'a write before the fault', status == 201, str(status))
        # Fill the filesystem to the last block.
        subprocess.run(['dd', 'if=/dev/zero', f'of={fs}/filler', 'bs=64k'], capture_output=True)
        subprocess.run(['dd', 'if=/dev/zero', f'of={fs}/filler2', 'bs=512'], capture_output=True)
        df = subprocess.run(['df', '--output=avail', '-B1', fs], capture_output=True, text=True).stdout.split()[-1]
        s, h, _ = portal(server)
        good_etag = h.get('etag')
        codes = {}
        retry = set()
        for n in range(1, 41):  # big updates, so the WAL must grow
            status, headers, _ = update(server, token, incident, n, size=9000)
            codes[status] = codes.get(status, 0) + 1
            if status == 503:
                retry.add(headers.get('retry-after'))
        refused = codes.get(503, 0)
        check('disk full', f'40 writes with {df} bytes free: 503 + Retry-After, never 500',
              refused > 0 and 500 not in codes and retry == {'30'},
              ' '.join(f'{k}×{v}' for k, v in sorted(codes.items())) + f'; Retry-After {sorted(retry)}')
        s, h, body = portal(server)
        version = lambda etag: (etag or '').strip('"').split('-')[0]
        check('disk full', 'reads: 200, the last good snapshot (same version in the ETag)',
              s == 200 and version(h.get('etag')) == version(good_etag), f'{s}, ETag {h.get("etag")}')
        check('disk full', 'PRAGMA integrity_check', integrity(db) == 'ok', integrity(db))
        os.remove(f'{fs}/filler')
        os.remove(f'{fs}/filler2')
        status, _, _ = update(server, token, incident, 99)
        check('disk full', 'space freed: the next write succeeds, no restart', status in (200, 201), str(status))
        s, h, _ = portal(server)
        check('disk full', 'reads show the new write (new ETag)', s == 200 and h.get('etag') != good_etag, h.get('etag'))
        server.stop()
        check('disk full', 'integrity_check after shutdown', integrity(db) == 'ok', integrity(db))
    finally:
        subprocess.run(['umount', fs])


def read_only(work, log):
    db = os.path.join(work, 'ro', 'portal.db')
    os.makedirs(os.path.dirname(db))
    demo = Server(db, log, command='demo')
    demo.stop()
    token = run('token', 'create', '--db', db).stdout.strip()

    # While the server runs, Linux checks permissions at open(): the open store stays writable.
    server = Server(db, log)
    incident, _ = first_open_incident(server)
    subprocess.run(['chattr', '+i', db], check=True)
    try:
        status, _, _ = update(server, token, incident, 1)
        check('read-only', 'chattr +i on a running server\'s file: it keeps its open file', status in (200, 201),
              str(status))
        server.stop()
        # Started (or restarted) on a file it cannot write: SQLite opens it read-only.
        server = Server(db, log)
        s, h, body = portal(server)
        etag = h.get('etag')
        check('read-only', 'started on a read-only file: reads 200', s == 200 and len(body) > 1000, str(s))
        codes, retry = {}, set()
        for n in range(2, 12):
            status, headers, _ = update(server, token, incident, n)
            codes[status] = codes.get(status, 0) + 1
            retry.add(headers.get('retry-after'))
        check('read-only', '10 writes: 503 + Retry-After', codes == {503: 10} and retry == {'30'},
              ' '.join(f'{k}×{v}' for k, v in sorted(codes.items())) + f'; Retry-After {sorted(retry)}')
        s, h, _ = portal(server, etag)
        check('read-only', 'reads: the last snapshot (If-None-Match → 304)', s == 304, str(s))
        check('read-only', 'PRAGMA integrity_check', integrity(db) == 'ok', integrity(db))
    finally:
        subprocess.run(['chattr', '-i', db], check=True)
    status, _, _ = update(server, token, incident, 12)
    check('read-only', 'chattr -i: the next write succeeds, no restart', status in (200, 201), str(status))
    server.stop()
    check('read-only', 'integrity_check after shutdown', integrity(db) == 'ok', integrity(db))


def hostile_clients(work, log):
    db = os.path.join(work, 'clients', 'portal.db')
    os.makedirs(os.path.dirname(db))
    Server(db, log, command='demo').stop()
    token = run('token', 'create', '--db', db).stdout.strip()
    server = Server(db, log, extra=['--read-timeout', '5'])
    incident, _ = first_open_incident(server)
    portal(server)
    base_fds = server.open_fds()
    before = latencies_ms(server, 300)

    # Clients that leave mid-request: half a body, then close; and a request whose answer
    # is never read.
    for n in range(200):
        s = socket.create_connection((server.host, server.port))
        body = json.dumps({'status': 'identified', 'message': 'left mid-request'}).encode()
        s.sendall((f'POST /api/v1/incidents/{incident}/updates HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                   f'Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n').encode() + body[: len(body) // 2])
        s.close()
        s = socket.create_connection((server.host, server.port))
        s.sendall(b'GET /api/v1/portal.json HTTP/1.1\r\nHost: x\r\n\r\n')
        s.close()
    ok = wait_for(lambda: server.open_fds() <= base_fds, 10)
    check('disconnects', '400 clients gone mid-request: descriptors back to the baseline', ok,
          f'{server.open_fds()} open (baseline {base_fds})')
    _, _, body = call(server, 'GET', '/api/v1/portal.json')
    doc = json.loads(body)
    inc = next(i for i in doc['incidents'] if i['id'] == incident)
    half = sum(1 for u in inc.get('incident_updates', []) if u.get('body') == 'left mid-request')
    check('disconnects', 'a half-sent write is not applied', half == 0, f'{half} applied')

    # Slowloris: 200 connections dribbling a header a byte a second.
    stop = threading.Event()
    socks = []
    for _ in range(200):
        s = socket.create_connection((server.host, server.port))
        s.sendall(b'GET /api/v1/portal.json HTTP/1.1\r\nHost: x\r\n')
        socks.append(s)

    def dribble():
        while not stop.is_set():
            for s in socks:
                try:
                    s.send(b'X')
                except OSError:
                    pass
            stop.wait(1)

    t = threading.Thread(target=dribble)
    t.start()
    during = latencies_ms(server, 300)
    slow_fds = server.open_fds()
    closed = wait_for(lambda: server.open_fds() <= base_fds + 2, 15, 0.5)
    stop.set()
    t.join()
    for s in socks:
        s.close()
    after = latencies_ms(server, 300)
    check('slowloris', 'others\' latency with 200 slow clients (median / p99 ms)',
          during[0] < max(5 * before[0], before[0] + 5),
          f'before {before[0]:.2f}/{before[1]:.2f}, during {during[0]:.2f}/{during[1]:.2f}, after {after[0]:.2f}/{after[1]:.2f}')
    check('slowloris', 'slow clients dropped at --read-timeout 5 s', closed,
          f'{slow_fds} fds while slow, {server.open_fds()} after (baseline {base_fds})')
    server.stop()
    check('slowloris', 'PRAGMA integrity_check', integrity(db) == 'ok', integrity(db))


def main():
    if os.geteuid() != 0:
        raise SystemExit('bench/faults.sh needs root: it mounts a small tmpfs and uses chattr +i')
    work = tempfile.mkdtemp(prefix='candor-faults-')
    log = os.path.join(work, 'server.log')
    for phase in (disk_full, read_only, hostile_clients):
        phase(work, log)
    print('| fault | check | result | seen |\n|---|---|---|---|')
    for fault, what, result, seen in rows:
        print(f'| {fault} | {what} | {result} | {seen} |')
    print(f'\nserver log: {log}')
    sys.exit(0 if all(r[2] == 'ok' for r in rows) else 1)


if __name__ == '__main__':
    main()
