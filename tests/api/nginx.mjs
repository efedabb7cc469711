// Debian's nginx on a loopback port, serving a `candor publish` tree with the server block the
// publish generated (_hosting/nginx.conf): the test runs the very configuration users get.
// nginx runs in the foreground as the current user (master_process off), with every path it
// writes inside a temp directory, and is killed by stop().
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => spawnSync(p, ['-v']).status === 0) ?? null;

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Resolves with {url, stop()} once nginx answers; `outDir` is the published tree.
export async function startNginx(outDir) {
  const dir = mkdtempSync(join(tmpdir(), 'candor-nginx-'));
  mkdirSync(join(dir, 'tmp'));
  const port = await freePort();
  const site = readFileSync(join(outDir, '_hosting', 'nginx.conf'), 'utf8')
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`);
  if (site.includes('listen 8080')) throw new Error('the generated nginx.conf has more than one listen line');
  writeFileSync(join(dir, 'site.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${join(dir, 'tmp')};`).join(' ');
  writeFileSync(join(dir, 'nginx.conf'), `daemon off; master_process off; worker_processes 1;
error_log ${join(dir, 'error.log')} warn; pid ${join(dir, 'nginx.pid')};
events { worker_connections 256; }
http { access_log off; ${temp} include ${join(dir, 'site.conf')}; }
`);
  const child = spawn(nginxBin, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}`);
    try {
      await fetch(url + '/');
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    errorLog: () => { try { return readFileSync(join(dir, 'error.log'), 'utf8'); } catch { return ''; } },
    stop: () => new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGKILL');
    }),
  };
}
