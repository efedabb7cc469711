"""The soak (bench/soak.sh): MINUTES of mixed traffic from 256 connections against
`candor serve` on loopback, four wrk processes at once (bench/soak.lua: snapshot reads with and
without If-None-Match, case reads, "I'm affected" reports, operator writes), while the
server's resident memory and open descriptors are sampled every few seconds. Prints a table,
writes a CSV of the samples and plots memory over time as a PNG (python3-matplotlib).
Exits 1 on any 5xx, any socket error, a 429 on a request kind without a limit, or memory
or descriptors not flat after warm-up."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

from candor_bench import Server, call, run, first_open_incident, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
# kind → connections (256 in all). Reads dominate, as on a real status page in an incident.
CONNECTIONS = {'read': 200, 'case': 24, 'report': 16, 'write': 16}
# Only customers' reports have a limit that this traffic reaches (10 a minute per address,
# fixed); reads and operator writes run with --reads-per-minute 0 --writes-per-minute 0,
# because all 256 connections come from 127.0.0.1.
LIMITED = {'report'}


def loadavg():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--minutes', type=float, default=10)
    p.add_argument('--interval', type=float, default=5, help='seconds between samples')
    p.add_argument('--warmup', type=float, default=None, help='seconds (default: a tenth of the run, at least 30)')
    p.add_argument('--png', default=os.path.join(HERE, 'soak-memory.png'))
    a = p.parse_args()
    seconds = int(a.minutes * 60)
    warmup = a.warmup if a.warmup is not None else max(30, seconds / 10)
    work = tempfile.mkdtemp(prefix='candor-soak-')
    db, log = os.path.join(work, 'portal.db'), os.path.join(work, 'server.log')
    Server(db, log, command='demo').stop()
    token = run('token', 'create', '--db', db).stdout.strip()
    server = Server(db, log, extra=['--reads-per-minute', '0', '--writes-per-minute', '0', '--log-level', 'warn'])
    incident, doc = first_open_incident(server)
    component = doc['components'][1]['id']
    _, headers, _ = call(server, 'GET', '/api/v1/portal.json')
    etag = headers['etag']
    status, _, body = call(server, 'POST', '/api/v1/cases',
                           {'customer_name': 'Soak', 'title': 'Soak case', 'category': 'API'}, token)
    if status != 201:
        raise SystemExit(f'could not open a case: {status} {body!r}')
    case_doc = json.loads(body)
    case_token = case_doc['token']

    args = {'read': [etag], 'case': [case_token], 'report': [incident], 'write': [token, component]}
    base_fds = server.open_fds()
    load_start = loadavg()
    procs = {}
    for kind, conns in CONNECTIONS.items():
        procs[kind] = subprocess.Popen(
            ['wrk', '-t1', f'-c{conns}', f'-d{seconds}s', '--timeout', '10s', '-s', os.path.join(HERE, 'soak.lua'),
             server.url, '--', kind, *args[kind]], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    samples = []  # (seconds since start, RSS KiB, open fds)
    start = time.monotonic()
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append((time.monotonic() - start, server.rss_kib(), server.open_fds()))
            stop.wait(a.interval)

    sampler = threading.Thread(target=sample)
    sampler.start()
    outputs = {kind: proc.communicate()[0] for kind, proc in procs.items()}
    stop.set()
    sampler.join()
    load_end = loadavg()
    samples.append((time.monotonic() - start, server.rss_kib(), server.open_fds()))
    # wrk's connections close as it exits; give the server a moment to see them go.
    wait_for(lambda: server.open_fds() <= base_fds, 40, 0.5)
    idle_fds = server.open_fds()
    server.stop()

    results = {}
    for kind, out in outputs.items():
        line = next((l for l in out.splitlines() if l.startswith('SOAK ')), None)
        if line is None:
            raise SystemExit(f'wrk ({kind}) printed no summary:\n{out}')
        results[kind] = json.loads(line[5:])

    after = [s for s in samples if s[0] >= warmup]
    rss_warm, rss_end = after[0][1], after[-1][1]
    rss_max = max(s[1] for s in after)
    fds_loaded = [s[2] for s in after[:-1]] or [after[-1][2]]
    with open(os.path.join(work, 'samples.csv'), 'w') as f:
        f.write('seconds,rss_kib,open_fds\n')
        for s in samples:
            f.write(f'{s[0]:.1f},{s[1]},{s[2]}\n')

    print(f'soak: {a.minutes:g} min, {sum(CONNECTIONS.values())} connections; load average {load_start} at the start, '
          f'{load_end} at the end (2 cores)')
    print('\n| kind | connections | requests | req/s | p50 ms | p99 ms | status codes | socket errors |')
    print('|---|---:|---:|---:|---:|---:|---|---:|')
    failures = []
    for kind, r in results.items():
        codes = ', '.join(f'{k}×{v}' for k, v in sorted(r['codes'].items()))
        print(f'| {kind} | {CONNECTIONS[kind]} | {r["requests"]} | {r["requests"] / seconds:.0f} | {r["p50_ms"]:.1f} | '
              f'{r["p99_ms"]:.1f} | {codes} | {r["errors"]} |')
        if any(k.startswith('5') for k in r['codes']):
            failures.append(f'{kind}: 5xx')
        if '429' in r['codes'] and kind not in LIMITED:
            failures.append(f'{kind}: 429 without a limit')
        if r['errors']:
            failures.append(f'{kind}: {r["errors"]} socket errors')
    growth = (rss_end - rss_warm) / rss_warm * 100
    print('\n| measure | after warm-up ({:.0f} s) | end | max | change |'.format(warmup))
    print('|---|---:|---:|---:|---:|')
    print(f'| resident memory (MiB) | {rss_warm / 1024:.1f} | {rss_end / 1024:.1f} | {rss_max / 1024:.1f} | {growth:+.1f}% |')
    print(f'| open descriptors under load | {fds_loaded[0]} | {fds_loaded[-1]} | {max(fds_loaded)} | |')
    print(f'| open descriptors before / after the load | {base_fds} | {idle_fds} | | |')
    if abs(growth) > 10 or (rss_max - rss_warm) / rss_warm > 0.10:
        failures.append(f'memory not flat within 10%: {growth:+.1f}%, max {rss_max} KiB')
    if idle_fds > base_fds:
        failures.append(f'{idle_fds} descriptors open after the load, {base_fds} before')
    print(f'\nsamples: {os.path.join(work, "samples.csv")}; server log: {log}')

    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        print('no plot: install it with `apt-get install python3-matplotlib` (Debian) and run python3 from /usr/bin')
    else:
        fig, ax = plt.subplots(figsize=(8, 3.6), dpi=100)
        ax.plot([s[0] / 60 for s in samples], [s[1] / 1024 for s in samples], color='#0a7')
        ax.axvline(warmup / 60, color='#999', linestyle=':', label='end of warm-up')
        ax.set_xlabel('minutes')
        ax.set_ylabel('resident memory (MiB)')
        ax.set_ylim(bottom=0)
        ax.set_title(f'candor serve, {a.minutes:g} min soak, 256 connections: RSS {growth:+.1f}% after warm-up')
        ax.legend(loc='lower right')
        fig.tight_layout()
        fig.savefig(a.png)
        print(f'plot: {a.png}')
    if failures:
        print('FAILED: ' + '; '.join(failures))
        sys.exit(1)


if __name__ == '__main__':
    main()
