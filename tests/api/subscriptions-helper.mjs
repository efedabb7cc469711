// What the subscription delivery tests share: a capturing SMTP server (smtp_capture.py under
// Debian's /usr/bin/python3, which has aiosmtpd), `candor serve` with the delivery flags and
// a web directory holding only the mail catalogs, the captured messages parsed by Python's
// `email` package (a MIME parser independent of libcurl's), and a sqlite3 look into the outbox.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { candor, root, demoServer } from './helper.mjs';

export const python = '/usr/bin/python3';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits for a child's stdout line matching `re`; rejects with its stderr if it exits first.
function waitForLine(child, re, what) {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${err}`)), 15000);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(re);
      if (m) { clearTimeout(timer); resolve(m); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited ${code}: ${err}`)); });
  });
}

function stopper(child) {
  return (signal = 'SIGTERM') => new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill(signal);
  });
}

// smtp_capture.py on a free port; `dir` receives NNNNNN.eml + NNNNNN.json per message.
export async function startCapture(dir, args = []) {
  const child = spawn(python, [join(root, 'tests', 'api', 'smtp_capture.py'), '--out', dir, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const m = await waitForLine(child, /SMTP listening on 127\.0\.0\.1:(\d+)/, 'smtp_capture.py');
  return { port: Number(m[1]), dir, child, stop: stopper(child) };
}

// A demo store in a temp directory (created by `candor demo`, stopped again) with an
// operator token, plus a web directory that holds only the mail catalogs.
export async function demoStore() {
  const demo = await demoServer();
  await demo.stop();
  const web = join(dirname(demo.db), 'web');
  mkdirSync(join(web, 'i18n'), { recursive: true });
  cpSync(join(root, 'web', 'i18n', 'mail'), join(web, 'i18n', 'mail'), { recursive: true });
  return { db: demo.db, token: demo.token, web };
}

// `candor serve` on the store with extra flags; keeps its stderr (the log) in `log()`.
export async function startServe(store, extra = []) {
  const child = spawn(candor, ['serve', '--db', store.db, '--port', '0', '--web', store.web, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const m = await waitForLine(child, /Candor serving at (http:\/\/[^/\s]+)\//, 'candor serve');
  return { url: m[1], child, log: () => log, stop: stopper(child) };
}

// The captured messages for `address` (oldest first), each parsed by Python's email package.
export function messagesFor(dir, address) {
  let names;
  try { names = readdirSync(dir).filter((n) => n.endsWith('.eml')).sort(); } catch { return []; }
  return names
    .filter((n) => JSON.parse(readFileSync(join(dir, n.replace('.eml', '.json')), 'utf8')).rcpt_tos.includes(address))
    .map((n) => parseMail(join(dir, n)));
}

export async function waitForMessages(dir, address, count, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = messagesFor(dir, address);
    if (got.length >= count) return got;
    if (Date.now() > until) throw new Error(`${got.length} of ${count} message(s) to ${address} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

const PARSE = `
import email, email.policy, json, sys
raw = open(sys.argv[1], 'rb').read()
m = email.message_from_bytes(raw, policy=email.policy.default)
parts = []
for p in m.walk():
    if p.is_multipart():
        continue
    parts.append({'type': p.get_content_type(), 'charset': p.get_content_charset(),
                  'content': p.get_content().replace('\\r\\n', '\\n')})
print(json.dumps({
    'headers': {k.lower(): str(v) for k, v in m.items()},
    'types': [p.get_content_type() for p in m.walk()],
    'defects': [type(d).__name__ for p in m.walk() for d in p.defects],
    'text': next((p['content'] for p in parts if p['type'] == 'text/plain'), None),
    'html': next((p['content'] for p in parts if p['type'] == 'text/html'), None),
    'parts': parts,
}))
`;

export function parseMail(file) {
  const r = spawnSync(python, ['-c', PARSE, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot parse ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// One SQL query on the store (read-only), rows as arrays of strings.
export function sql(db, query) {
  const r = spawnSync('sqlite3', ['-readonly', '-json', db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

export async function until(what, fn, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
