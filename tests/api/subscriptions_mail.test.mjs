// Email subscriptions end to end against a real SMTP server on loopback (Debian's aiosmtpd,
// tests/api/smtp_capture.py), each captured message parsed by Python's `email` package:
// double opt-in, an incident update in the subscriber's language with RFC 8058 one-click
// unsubscribe headers, the unsubscribe itself, a relay that says "try later", a rejected
// address, a relay that wants a login, no address in the server's log, SpamAssassin's content
// rules, and the serve flags' usage errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { candor, post, root } from './helper.mjs';
import { demoStore, messagesFor, sql, startCapture, startServe, until, waitForMessages } from './subscriptions-helper.mjs';

const PUBLIC = 'https://status.northwind.example';
const SPAMASSASSIN = '/usr/bin/spamassassin';
const FROM = 'status@northwind.example';
const catalog = (lang) => JSON.parse(readFileSync(join(root, 'web', 'i18n', 'mail', `${lang}.json`), 'utf8'));
const fill = (text, params) => text.replace(/\{(\w+)\}/g, (_, k) => params[k]);

let store, capture, server, pageName;
// `candor ARGS` to completion; a server that starts after all would be killed after 10 s.
const run = (...args) => {
  const r = spawnSync(candor, args, { encoding: 'utf8', timeout: 10000 });
  return { code: r.status, err: r.stderr };
};
const serveFlags = (port) => ['--smtp', `smtp://127.0.0.1:${port}`, '--mail-from', FROM, '--public-url', PUBLIC];

before(async () => {
  store = await demoStore();
  capture = await startCapture(mkdtempSync(join(tmpdir(), 'candor-mail-')));
  server = await startServe(store, serveFlags(capture.port));
  pageName = (await (await fetch(`${server.url}/api/v1/portal.json`)).json()).page.name;
});
after(async () => { await server?.stop(); await capture?.stop(); });

const subscribe = (email, language = 'en', extra = {}) =>
  post(`${server.url}/api/v1/subscriptions`, { email, language, ...extra });
const openIncident = (name) => post(`${server.url}/api/v1/incidents`,
  { name, impact: 'minor', category: 'Search', status: 'investigating', message: 'Looking into it.' }, store.token);

// The link in a message that starts with `prefix`, up to the next space, quote or bracket.
function link(text, prefix) {
  const at = text.indexOf(prefix);
  assert.ok(at >= 0, `no ${prefix}… link in:\n${text}`);
  return text.slice(at).match(/^[^\s"<>]+/)[0];
}

// Confirms `email` through the link its confirmation message carries.
async function confirm(email) {
  const [message] = await waitForMessages(capture.dir, email, 1);
  const token = link(message.text, `${PUBLIC}/#/subscription/confirm/`).split('/').pop();
  const r = await post(`${server.url}/api/v1/subscriptions/confirm`, { token });
  assert.equal(r.status, 200, r.text);
  return message;
}

test('the portal offers email when a relay is configured', async () => {
  const r = await fetch(`${server.url}/api/v1/subscriptions/options.json`);
  assert.equal(r.status, 200);
  assert.equal((await r.json()).email, true);
});

test('a subscribe sends one confirmation, a well-formed multipart message', async () => {
  const r = await subscribe('alice@example.com');
  assert.equal(r.status, 202, r.text);
  const [m] = await waitForMessages(capture.dir, 'alice@example.com', 1);
  assert.deepEqual(m.defects, [], 'the MIME parser found defects');
  assert.equal(m.headers.subject, fill(catalog('en')['mail.subject.confirm'], { page: pageName }));
  // From: the page's name and --mail-from (the parser gives the decoded display name).
  assert.equal(m.headers.from, `${pageName} <${FROM}>`);
  assert.equal(m.headers.to, 'alice@example.com');
  assert.match(m.headers['message-id'], /^<[A-Za-z0-9_.-]+@candor>$/);
  assert.equal(m.headers['auto-submitted'], 'auto-generated');
  assert.ok(!Number.isNaN(Date.parse(m.headers.date)));
  assert.ok(Math.abs(Date.parse(m.headers.date) - Date.now()) < 60000, m.headers.date);
  // Plain text and HTML alternatives, no images anywhere.
  assert.ok(m.types.includes('multipart/alternative'), m.types.join());
  assert.ok(m.types.includes('text/plain') && m.types.includes('text/html'), m.types.join());
  assert.ok(!m.types.some((t) => t.startsWith('image/')));
  assert.doesNotMatch(m.html, /<img/i);
  assert.ok(m.text.includes(`${PUBLIC}/#/subscription/confirm/`));
  assert.ok(m.html.includes(`${PUBLIC}/#/subscription/confirm/`));
  // The confirmation itself carries no unsubscribe header (there is nothing to leave yet).
  assert.equal(m.headers['list-unsubscribe'], undefined);
  // The envelope sender is --mail-from.
  const envelope = JSON.parse(readFileSync(join(capture.dir, '000001.json'), 'utf8'));
  assert.equal(envelope.mail_from, FROM);
});

test('an incident reaches confirmed subscribers only, in their language, with one-click unsubscribe', async () => {
  await confirm('alice@example.com');
  assert.equal((await subscribe('bob@example.com')).status, 202);  // never confirms
  assert.equal((await subscribe('carol@example.com', 'tr')).status, 202);
  await confirm('carol@example.com');
  await waitForMessages(capture.dir, 'bob@example.com', 1);

  const opened = await openIncident('Slow search');
  assert.equal(opened.status, 201, opened.text);
  const [, alice] = await waitForMessages(capture.dir, 'alice@example.com', 2);
  const [, carol] = await waitForMessages(capture.dir, 'carol@example.com', 2);
  const params = { page: pageName, name: 'Slow search' };
  assert.equal(alice.headers.subject, fill(catalog('en')['mail.subject.incident.created'], params));
  assert.equal(carol.headers.subject, fill(catalog('tr')['mail.subject.incident.created'], params));
  assert.notEqual(alice.headers.subject, carol.headers.subject);
  assert.ok(alice.text.includes(`${PUBLIC}/#/incident/${opened.json.id}`), alice.text);
  assert.ok(alice.html.includes(`${PUBLIC}/#/incident/${opened.json.id}`));
  // RFC 8058: an https URI in List-Unsubscribe and the One-Click marker; the manage link in the body.
  assert.match(alice.headers['list-unsubscribe'], new RegExp(`^<${PUBLIC}/api/v1/subscriptions/[^>]+/unsubscribe>$`));
  assert.equal(alice.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
  assert.ok(alice.text.includes(`${PUBLIC}/#/subscription/`));
  // A different message: a different Message-ID.
  assert.notEqual(alice.headers['message-id'], messagesFor(capture.dir, 'alice@example.com')[0].headers['message-id']);
  // Bob never confirmed: his confirmation is all he got.
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(messagesFor(capture.dir, 'bob@example.com').length, 1);
});

test('one-click unsubscribe (RFC 8058) stops the mail; GET does not unsubscribe', async () => {
  const [, last] = messagesFor(capture.dir, 'alice@example.com');
  const url = last.headers['list-unsubscribe'].slice(1, -1).replace(PUBLIC, server.url);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  // The GET (what a mail scanner follows) changed nothing: the next incident still arrives.
  const afterGet = messagesFor(capture.dir, 'alice@example.com').length;
  assert.equal((await openIncident('Webhooks delayed')).status, 201);
  await waitForMessages(capture.dir, 'alice@example.com', afterGet + 1);
  const form = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
  });
  assert.equal(form.status, 200, await form.text());
  // The next incident reaches Carol (the sentinel) but not Alice.
  const aliceBefore = messagesFor(capture.dir, 'alice@example.com').length;
  const carolBefore = messagesFor(capture.dir, 'carol@example.com').length;
  assert.equal((await openIncident('Login errors')).status, 201);
  await waitForMessages(capture.dir, 'carol@example.com', carolBefore + 1);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(messagesFor(capture.dir, 'alice@example.com').length, aliceBefore);
});

// A basic spam-content check by an independent filter: Debian's SpamAssassin with its
// shipped rules, local tests only (-L: no DNS or network lookups), on every kind of message
// sent so far (the confirmation, an incident in English and in Turkish). Its default
// threshold is 5 points; a status message should not come anywhere near it.
test('the messages pass SpamAssassin\'s content rules', { skip: !existsSync(SPAMASSASSIN) && `${SPAMASSASSIN} is missing (apt-get install spamassassin)` }, (t) => {
  const files = readdirSync(capture.dir).filter((n) => n.endsWith('.eml')).sort().slice(0, 6);
  const saHome = mkdtempSync(join(tmpdir(), 'candor-sa-'));
  // No Bayes learning and a scratch HOME: checking leaves no learned state on the machine.
  const check = (input, name) => {
    const r = spawnSync(SPAMASSASSIN, ['-L', '-t', '--cf=use_bayes 0', '--cf=bayes_auto_learn 0'], {
      input, encoding: 'utf8', timeout: 60000, env: { ...process.env, HOME: saHome },
    });
    assert.equal(r.status, 0, r.stderr);
    const status = /^X-Spam-Status: (Yes|No), score=(-?[\d.]+) required=[\d.]+(?:\s+tests=([^\n]*(?:\n\s+[^\n]*)*))?/m.exec(r.stdout);
    assert.ok(status, `no X-Spam-Status in SpamAssassin's output for ${name}`);
    return status;
  };
  // The filter works here: a bare message without the headers a mailer writes is spam to it.
  assert.equal(check('Subject: hi\n\nhello\n', 'a bare message')[1], 'Yes');
  assert.ok(files.length >= 3, `messages captured: ${files.length}`);
  for (const name of files) {
    const status = check(readFileSync(join(capture.dir, name)), name);
    const score = Number(status[2]);
    t.diagnostic(`${name}: score ${score} (${(status[3] ?? '').replace(/\s+/g, '')})`);
    assert.equal(status[1], 'No', `${name}: ${status[0]}`);
    assert.ok(score < 2.5, `${name}: score ${score}, tests ${status[3]}`);
  }
  rmSync(saHome, { recursive: true, force: true });
});

test('no address appears in the server log', () => {
  for (const who of ['alice@example.com', 'bob@example.com', 'carol@example.com']) {
    assert.ok(!server.log().includes(who), `${who} in the log`);
  }
  assert.match(server.log(), /sub_[0-9a-f]{16}/);
});

test('"try later" (451) is retried with the same Message-ID; 550 on RCPT disables the address', async () => {
  await server.stop();
  // A relay that refuses the first message with 451 and every address at rejected.example.
  const flaky = await startCapture(mkdtempSync(join(tmpdir(), 'candor-mail-')),
    ['--fail-first', '1', '--reject-domain', 'rejected.example']);
  server = await startServe(store, serveFlags(flaky.port));
  try {
    assert.equal((await subscribe('dave@example.com')).status, 202);
    // The first attempt got 451; the retry comes 10 s ± 20 % later.
    const [m] = await waitForMessages(flaky.dir, 'dave@example.com', 1, 30000);
    // The relay accepted it before the worker marks it: wait for the mark.
    const rows = await until('the confirmation marked sent', () => {
      const r = sql(store.db, "SELECT d.attempts, d.state, d.key FROM deliveries d JOIN notification_events e ON " +
        "e.id = d.event_id WHERE e.type = 'subscription.confirm' ORDER BY d.id DESC LIMIT 1");
      return r[0]?.state === 'sent' ? r : null;
    });
    assert.equal(rows[0].attempts, 2);
    assert.equal(m.headers['message-id'], `<${rows[0].key.replace(/[^A-Za-z0-9_-]/g, '.')}@candor>`);

    assert.equal((await subscribe('erin@rejected.example')).status, 202);
    const disabled = await until('the rejected address disabled', () => {
      const r = sql(store.db, "SELECT disabled_reason FROM subscribers WHERE disabled_at IS NOT NULL");
      return r.length ? r : null;
    });
    assert.deepEqual(disabled.map((r) => r.disabled_reason), ['address rejected']);
    assert.equal(messagesFor(flaky.dir, 'erin@rejected.example').length, 0);
    assert.ok(!server.log().includes('erin@rejected.example'));
  } finally {
    await flaky.stop();
  }
});

test('a relay that wants a login gets the password from --smtp-password-file', async () => {
  await server.stop();
  const relay = await startCapture(mkdtempSync(join(tmpdir(), 'candor-mail-')), ['--auth', 'relay:s3cret pw']);
  const file = join(mkdtempSync(join(tmpdir(), 'candor-pw-')), 'password');
  writeFileSync(file, 's3cret pw\n');
  chmodSync(file, 0o644);
  server = await startServe(store, [...serveFlags(relay.port), '--smtp-user', 'relay', '--smtp-password-file', file]);
  try {
    assert.equal((await subscribe('frank@example.com')).status, 202);
    await waitForMessages(relay.dir, 'frank@example.com', 1);
    assert.match(server.log(), /--smtp-password-file .* is readable by other users/);
    assert.ok(!server.log().includes('s3cret'));
  } finally {
    await relay.stop();
  }
  // A missing file stops the server before it listens, naming the flag and the file.
  const missing = run('serve', '--db', store.db, '--port', '0', ...serveFlags(1), '--smtp-user', 'relay',
    '--smtp-password-file', file + '.missing');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /--smtp-password-file .*password\.missing: cannot be read/);
});

test('serve flags: clear usage errors (exit 2)', () => {
  const cases = [
    [['--smtp', 'smtp://127.0.0.1:25'], /--smtp needs --mail-from/],
    [['--mail-from', FROM], /need --smtp URL/],
    [['--smtp', 'http://relay.example', '--mail-from', FROM], /--smtp must start with smtp:\/\/ or smtps:\/\//],
    [['--smtp', 'smtp://user:pw@relay.example', '--mail-from', FROM], /credentials go in --smtp-user/],
    [['--smtp', 'smtps://relay.example', '--smtp-starttls', '--mail-from', FROM], /--smtp-starttls is for smtp:\/\//],
    [['--smtp', 'smtp://relay.example', '--mail-from', FROM, '--smtp-user', 'relay'], /go together/],
    [['--smtp', 'smtp://relay.example', '--mail-from', 'Status <s@n.example>'], /--mail-from must be a bare address/],
    [['--public-url', 'ftp://status.example'], /--public-url must start with http/],
    [['--mail-per-domain-per-minute', '-1'], /--mail-per-domain-per-minute must be 0/],
    [['--maintenance-reminder', '0'], /--maintenance-reminder must be 1 to 10080/],
  ];
  for (const [flags, message] of cases) {
    const r = run('serve', '--db', store.db + '.absent', '--port', '0', ...flags);
    assert.equal(r.code, 2, `${flags.join(' ')}: ${r.err}`);
    assert.match(r.err, message, flags.join(' '));
  }
  // The demo has no relay flags (it has no relay), but takes the webhook ones.
  assert.match(run('demo', '--smtp', 'smtp://relay.example').err, /unknown option --smtp/);
});
