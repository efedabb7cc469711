// Starts real `candor` servers on loopback for the API tests: a fresh demo store in a temp
// directory, any free port, and operator tokens made with `candor token create`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// CANDOR_BIN points the suite at another build (e.g. a private build tree).
export const candor = process.env.CANDOR_BIN || join(root, 'build', 'native', 'bin', 'candor');

export function run(...args) {
  const r = spawnSync(candor, args, { encoding: 'utf8', env: { ...process.env, ...(args.env ?? {}) } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export function tempDb() {
  return join(mkdtempSync(join(tmpdir(), 'candor-api-')), 'portal.db');
}

// Resolves with {url, child, stop()} once the server printed its address.
export function startServer(db, { command = 'serve', extra = [] } = {}) {
  const args = command === 'demo' ? ['demo', '--db', db, '--port', '0', ...extra] : ['serve', '--db', db, '--port', '0', ...extra];
  const child = spawn(candor, [...args, '--web', join(db, '..', 'no-web')], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`candor did not start: ${err}`)), 10000);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Candor serving at (http:\/\/[^/\s]+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          child,
          stdout: () => out, // everything printed so far (later lines keep arriving)
          stop: () => new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`candor exited ${code}: ${err}`)); });
  });
}

// A demo store (created by `candor demo`, which then serves it) and a write token.
export async function demoServer() {
  const db = tempDb();
  const server = await startServer(db, { command: 'demo' });
  const token = run('token', 'create', '--db', db).out.trim();
  const reports = run('token', 'create', '--db', db, '--scope', 'read-reports').out.trim();
  return { ...server, db, token, reports };
}

export async function post(url, body, token, method = 'POST') {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}
