// Subscriptions in the portal (issue 10), in Chromium against the real `candor serve` with a
// real SMTP server on loopback (tests/api/smtp_capture.py): "Get updates" from the overview
// and an incident, the email form (checked field by field, errors tied to their fields, the
// same "check your inbox" for every address), the confirmation mail's link (opening it
// confirms nothing; the button does), the manage page (change, save, unsubscribe), a webhook
// with its secret shown once, a private case's opt-in, keyboard only, axe-core, and what the
// portal offers when the server sends no mail or has no API at all.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { root } from '../wasm/helper.mjs';
import { axeViolations, launchArgs, missingBuild, openPage, outDir, serverBin, startServer } from './helper.mjs';

const catalog = (lang) => JSON.parse(readFileSync(join(root, 'web', 'i18n', `${lang}.json`), 'utf8'));
const en = catalog('en');
const nb = catalog('nb');
const PYTHON = '/usr/bin/python3'; // Debian's, which has aiosmtpd (the pyenv python3 on PATH has not)

const missing = [...missingBuild(), ...(existsSync(PYTHON) ? [] : [`${PYTHON} is missing (apt-get install python3-aiosmtpd)`])];

if (missing.length) {
  test('the server, the wasm core, the web build and python3-aiosmtpd exist', () => assert.fail(missing.join('\n')));
} else {
  describe('subscriptions in the portal, against candor serve and a loopback SMTP server', { timeout: 300_000 }, () => {
    let tmp;
    let smtp; // {port, dir, stop()}
    let mailServer; // candor serve --smtp: email and webhooks
    let plainServer; // candor demo: no mail relay, webhooks only
    let browser;
    let operatorToken;
    let component; // {id, name}: the first component of the demo's snapshot
    let incidentId; // the demo's active incident
    let setupError = null;
    const ready = () => {
      if (setupError) throw setupError;
    };

    before(async () => {
      try {
        tmp = mkdtempSync(join(tmpdir(), 'candor-subscribe-'));
        mkdirSync(outDir, { recursive: true });
        smtp = await startSmtp(join(tmp, 'mail'));
        // The demo store first (its own run), then served with the relay.
        const plainDir = join(tmp, 'plain');
        mkdirSync(plainDir);
        plainServer = await startServer(plainDir);
        const mailDir = join(tmp, 'served');
        mkdirSync(mailDir);
        const seed = await startServer(mailDir);
        await seed.stop();
        mailServer = await startServer(mailDir, {
          command: 'serve',
          args: ['--smtp', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'status@northwind.test', '--webhook-allow-private'],
        });
        operatorToken = createToken(join(mailDir, 'demo.db'));
        const portal = await (await fetch(new URL('api/v1/portal.json', mailServer.url))).json();
        component = portal.components.find((c) => !c.group);
        incidentId = portal.incidents.find((i) => !['resolved', 'postmortem'].includes(i.status))?.id;
        assert.ok(component && incidentId, 'the demo has components and an active incident');
        browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await browser?.close();
      await mailServer?.stop();
      await plainServer?.stop();
      await smtp?.stop();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    // Debian's aiosmtpd on a free loopback port, writing each message it accepts to `dir`.
    function startSmtp(dir, args = []) {
      mkdirSync(dir, { recursive: true });
      const child = spawn(PYTHON, [join(root, 'tests', 'api', 'smtp_capture.py'), '--out', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => { stderr += chunk; });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`smtp_capture.py said nothing in 20 s: ${stderr}`)), 20_000);
        createInterface({ input: child.stdout }).once('line', (line) => {
          clearTimeout(timer);
          const port = /listening on 127\.0\.0\.1:(\d+)/.exec(line)?.[1];
          if (!port) return reject(new Error(`smtp_capture.py: unexpected first line ${JSON.stringify(line)}`));
          resolve({ port: Number(port), dir, stop: () => { child.kill('SIGTERM'); return exited; } });
        });
        child.once('error', reject);
      });
    }

    // The messages captured for `address`, parsed by Python's email package (an independent
    // MIME parser): [{subject, text}] with the text/plain part decoded.
    function mailsTo(address, dir = smtp.dir) {
      const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
      return files.filter((f) => JSON.parse(readFileSync(join(dir, f.replace(/\.eml$/, '.json')), 'utf8')).rcpt_tos.includes(address))
        .map((f) => {
          const parsed = spawnSync(PYTHON, ['-c', [
            'import email, email.policy, json, sys',
            'm = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)',
            'print(json.dumps({"subject": str(m["subject"]), "text": m.get_body(("plain",)).get_content()}))',
          ].join('\n'), join(dir, f)], { encoding: 'utf8' });
          assert.equal(parsed.status, 0, parsed.stderr);
          return JSON.parse(parsed.stdout);
        });
    }

    async function waitForMail(address, count = 1, dir = smtp.dir) {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const mails = mailsTo(address, dir);
        if (mails.length >= count) return mails;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.fail(`no message to ${address} within 20 s`);
      return [];
    }

    function createToken(db) {
      const made = spawnSync(serverBin, ['token', 'create', '--db', db], { encoding: 'utf8' });
      const token = /cnd_\w+/.exec(made.stdout)?.[0];
      assert.ok(token, `candor token create printed no token: ${made.stdout} ${made.stderr}`);
      return token;
    }

    // What the page sent to the subscription API, in order ("POST api/v1/subscriptions/confirm").
    function recordRequests(page) {
      const sent = [];
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (/^\/api\/v1\/(subscriptions|cases\/[^/]+\/subscribe)/.test(path)) sent.push({ method: request.method(), path, body: request.postData() });
      });
      return sent;
    }

    async function go(page, hash, selector) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator(selector).waitFor();
    }

    const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? null);
    const describedBy = async (page, id) => (await page.getAttribute(`#${id}`, 'aria-describedby')).split(' ');

    test('email: from the overview to "check your inbox", fields checked first, in the page\'s language', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${mailServer.url}#/`, { width: 1280, height: 900 }, 'light', { locale: 'nb-NO' });
      try {
        const sent = recordRequests(page);
        await page.locator('#overall').waitFor();
        await page.locator('#get-updates').click();
        await page.locator('#subscribe-email').waitFor();
        assert.equal(await page.locator('#subscribe-title').textContent(), nb['subscription.subscribe.title']);
        assert.equal(await page.locator('#subscribe-kind-email').isChecked(), true, 'email is offered first when the relay is there');
        const components = await page.locator('input[name="subscribe-component"]').evaluateAll((inputs) => inputs.map((i) => i.value));
        assert.ok(components.includes(component.id), 'every component of the snapshot is offered');

        // Nothing typed: the error is beside the field, tied to it, and the field has focus.
        await page.locator('#subscribe-form-email button[type=submit]').click();
        assert.equal(await page.locator('#subscribe-email-error').textContent(), nb['subscription.error.emailMissing']);
        assert.equal(await page.getAttribute('#subscribe-email', 'aria-invalid'), 'true');
        assert.ok((await describedBy(page, 'subscribe-email')).includes('subscribe-email-error'));
        assert.equal(await focusedId(page), 'subscribe-email');
        // Not an address, and "only these" with none ticked: both said at once.
        await page.fill('#subscribe-email', 'kari@localhost');
        await page.locator('#subscribe-scope-some').check();
        await page.locator('#subscribe-form-email button[type=submit]').click();
        assert.equal(await page.locator('#subscribe-email-error').textContent(), nb['subscription.error.email']);
        assert.equal(await page.locator('#subscribe-components-error').textContent(), nb['subscription.error.components']);
        assert.ok((await describedBy(page, 'subscribe-components')).includes('subscribe-components-error'));
        assert.equal(sent.filter((r) => r.method === 'POST').length, 0, 'nothing sent while a field is wrong');
        assert.deepEqual(await axeViolations(page), [], 'axe-core with the errors showing');
        await page.screenshot({ path: join(outDir, 'subscribe-errors.png'), fullPage: true });

        await page.fill('#subscribe-email', 'kari@northwind-customer.test');
        await page.locator(`#subscribe-component-${component.id}`).check();
        await page.locator('#subscribe-form-email button[type=submit]').click();
        await page.locator('#subscribe-result').waitFor();
        assert.equal(await focusedId(page), 'subscribe-result', 'focus moves to the answer');
        assert.match(await page.locator('#subscribe-result').textContent(), new RegExp(nb['subscription.sent.title']));
        const post = sent.find((r) => r.method === 'POST' && r.path === '/api/v1/subscriptions');
        assert.deepEqual(JSON.parse(post.body), { email: 'kari@northwind-customer.test', language: 'nb', components: [component.id] });
        assert.deepEqual(await axeViolations(page), []);
        await page.screenshot({ path: join(outDir, 'subscribe-sent.png'), fullPage: true });

        // The same words for an address the server already has (no address enumeration).
        const first = await page.locator('#subscribe-result').textContent();
        await go(page, '#/', '#overall');
        await go(page, '#/subscribe', '#subscribe-email');
        await page.fill('#subscribe-email', 'kari@northwind-customer.test');
        await page.locator('#subscribe-form-email button[type=submit]').click();
        await page.locator('#subscribe-result').waitFor();
        assert.equal(await page.locator('#subscribe-result').textContent(), first);
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('the confirmation link: opening it confirms nothing, the button does; then the manage page', async () => {
      ready();
      const address = 'ola@northwind-customer.test';
      const answer = await fetch(new URL('api/v1/subscriptions', mailServer.url), {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: address, language: 'en', components: [] }),
      });
      assert.equal(answer.status, 202, await answer.text());
      const [mail] = await waitForMail(address);
      const link = /(#\/subscription\/confirm\/[^\s<>"]+)/.exec(mail.text)?.[1];
      assert.ok(link, `the confirmation mail links to the portal's confirm page:\n${mail.text}`);

      const { page, problems, context } = await openPage(browser, `${mailServer.url}${link}`, { width: 1280, height: 900 });
      try {
        const sent = recordRequests(page);
        await page.locator('#confirm-subscription').waitFor();
        await page.waitForTimeout(500); // time for any request the page might make by itself
        assert.deepEqual(sent, [], 'opening the link sends nothing: mail scanners open links');
        assert.deepEqual(await axeViolations(page), []);
        await page.locator('#confirm-subscription').click();
        await page.locator('#confirm-result').waitFor();
        assert.equal(await focusedId(page), 'confirm-result');
        assert.deepEqual(sent.map((r) => `${r.method} ${r.path}`), ['POST /api/v1/subscriptions/confirm']);
        assert.match(await page.locator('#confirm-result').textContent(), new RegExp(en['subscription.confirm.done']));

        // The manage page, from the link the confirmation gives.
        await page.getByRole('link', { name: en['subscription.confirm.manage'] }).click();
        await page.locator('#manage-form').waitFor();
        assert.match(await page.locator('.facts__address').textContent(), /^o\*+@northwind-customer\.test$/, 'the address is masked');
        assert.equal(await page.locator('#manage-scope-all').isChecked(), true);
        assert.equal(await page.locator('#manage-language').inputValue(), 'en');
        assert.deepEqual(await axeViolations(page), []);
        await page.screenshot({ path: join(outDir, 'subscription-manage.png'), fullPage: true });

        // Change: one component, in Russian; saved, said, and still so after a reload.
        await page.locator(`#manage-component-${component.id}`).check();
        assert.equal(await page.locator('#manage-scope-some').isChecked(), true, 'ticking a component means "only these"');
        await page.selectOption('#manage-language', 'ru');
        await page.locator('#manage-form button[type=submit]').click();
        await page.locator('#manage-saved:not(:empty)').waitFor();
        assert.equal(await focusedId(page), 'manage-saved');
        const put = sent.find((r) => r.method === 'PUT');
        assert.deepEqual(JSON.parse(put.body), { components: [component.id], language: 'ru' });
        await page.reload();
        await page.locator('#manage-form').waitFor();
        assert.equal(await page.locator('#manage-language').inputValue(), 'ru');
        assert.equal(await page.locator(`#manage-component-${component.id}`).isChecked(), true);
        assert.equal(await page.locator('#manage-scope-some').isChecked(), true);

        // Unsubscribe: a DELETE; then the same link says it is not valid.
        await page.locator('#unsubscribe').click();
        await page.locator('#manage-result').waitFor();
        assert.match(await page.locator('#manage-result').textContent(), new RegExp(`^${en['subscription.manage.deleted']}`));
        assert.equal(await focusedId(page), 'manage-result');
        assert.ok(sent.some((r) => r.method === 'DELETE' && /^\/api\/v1\/subscriptions\/[^/]+\.json$/.test(r.path)));
        await page.reload();
        await page.locator('#manage-result').waitFor();
        assert.equal(await page.locator('#manage-result').textContent(), en['subscription.manage.invalid']);
        // The reload's GET of a deleted subscription is a 404 by design; nothing else may go wrong.
        assert.deepEqual((await problems()).filter((p) => !/404.*\/api\/v1\/subscriptions\/[^/]+\.json|status of 404/.test(p)), []);
      } finally {
        await context.close();
      }
    });

    test('a confirmation link that is not valid says so, after the button, and offers to subscribe again', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${mailServer.url}#/subscription/confirm/sub_0000000000000000.bm90LWEtdG9rZW4`,
        { width: 360, height: 800 });
      try {
        await page.locator('#confirm-subscription').click();
        await page.locator('#confirm-result').waitFor();
        assert.match(await page.locator('#confirm-result').textContent(), new RegExp(en['subscription.confirm.invalid']));
        assert.equal(await page.getByRole('link', { name: en['subscription.confirm.again'] }).count(), 1);
        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual((await problems()).filter((p) => !/404.*\/confirm|status of 404/.test(p)), []);
      } finally {
        await context.close();
      }
    });

    test('webhook: the secret shown once with a copy button, and a manage link', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${mailServer.url}#/incident/${incidentId}`, { width: 1280, height: 900 });
      try {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(mailServer.url).origin });
        // From the incident page the form opens with the incident's first component chosen.
        await page.locator('#get-updates').click();
        await page.locator('#subscribe-kind-webhook').waitFor();
        const chosen = await page.locator('input[name="subscribe-component"]:checked').evaluateAll((inputs) => inputs.map((i) => i.value));
        const hash = await page.evaluate(() => location.hash);
        assert.equal(chosen.length, 1);
        assert.equal(hash, `#/subscribe?component=${chosen[0]}`);
        assert.equal(await page.locator('#subscribe-scope-some').isChecked(), true);

        await page.locator('#subscribe-kind-webhook').check();
        await page.locator('#subscribe-webhook').waitFor();
        assert.equal(await page.locator('#subscribe-email').count(), 0);
        await page.fill('#subscribe-webhook', 'https://user:secret@hooks.example.test/candor');
        await page.locator('#subscribe-form-webhook button[type=submit]').click();
        assert.equal(await page.locator('#subscribe-webhook-error').textContent(), en['subscription.error.webhookCredentials']);
        assert.equal(await focusedId(page), 'subscribe-webhook');
        await page.fill('#subscribe-webhook', 'https://hooks.example.test/candor');
        await page.locator('#subscribe-form-webhook button[type=submit]').click();
        await page.locator('#webhook-secret').waitFor();
        assert.equal(await focusedId(page), 'subscribe-result');
        const secret = await page.locator('#webhook-secret').textContent();
        assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/, 'whsec_ and base64 of 24 bytes');
        assert.match(await page.locator('#subscribe-result').textContent(), new RegExp(en['subscription.webhook.once']));
        await page.getByRole('button', { name: en['subscription.webhook.copy'] }).click();
        await page.locator('#copy-status:not(:empty)').waitFor();
        assert.equal(await page.locator('#copy-status').textContent(), en['subscription.webhook.copied']);
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
        assert.deepEqual(await axeViolations(page), []);
        await page.screenshot({ path: join(outDir, 'subscribe-webhook.png'), fullPage: true });

        await page.getByRole('link', { name: en['subscription.webhook.manage'] }).click();
        await page.locator('#manage-form').waitFor();
        assert.equal(await page.locator('.facts__address').textContent(), 'https://hooks.example.test/candor');
        assert.equal(await page.locator('#manage-language').count(), 0, 'a webhook has no language');
        assert.equal(await page.locator(`#manage-component-${chosen[0]}`).isChecked(), true);
        assert.equal((await page.content()).includes(secret), false, 'the secret is not shown again');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('a private case: "email me this case\'s updates", double opt-in like every subscription', async () => {
      ready();
      const opened = await fetch(new URL('api/v1/cases', mailServer.url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${operatorToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer_name: 'Ada Lovelace', title: 'Invoice shows the wrong VAT rate', category: 'billing' }),
      });
      assert.equal(opened.status, 201);
      const { token } = await opened.json();
      const { page, problems, context } = await openPage(browser, `${mailServer.url}#/case/${token}`, { width: 1280, height: 900 });
      try {
        const sent = recordRequests(page);
        await page.locator('#case-updates-form').waitFor();
        await page.locator('#case-updates-form button[type=submit]').click();
        assert.equal(await page.locator('#case-updates-email-error').textContent(), en['subscription.error.emailMissing']);
        assert.equal(await focusedId(page), 'case-updates-email');
        await page.fill('#case-updates-email', 'ada@northwind-customer.test');
        await page.locator('#case-updates-form button[type=submit]').click();
        await page.locator('#case-updates-result').waitFor();
        assert.equal(await focusedId(page), 'case-updates-result');
        assert.match(await page.locator('#case-updates-result').textContent(), new RegExp(en['subscription.sent.title']));
        assert.deepEqual(sent.map((r) => [r.method, r.path, JSON.parse(r.body)]),
          [['POST', `/api/v1/cases/${token}/subscribe`, { email: 'ada@northwind-customer.test', language: 'en' }]]);
        assert.deepEqual(await axeViolations(page), []);
        const [mail] = await waitForMail('ada@northwind-customer.test');
        assert.match(mail.text, /#\/subscription\/confirm\//, 'the case subscriber confirms too');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('keyboard only: tab to each control, choose with Space, send with Enter', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${mailServer.url}#/subscribe`, { width: 1280, height: 900 });
      try {
        await page.locator('#subscribe-email').waitFor();
        // The components come with the core's view model, which may follow the form.
        await page.locator('input[name="subscribe-component"]').first().waitFor();
        await page.locator('#subscribe-kind-email').focus();
        const order = [];
        for (let i = 0; i < 6; i += 1) {
          await page.keyboard.press('Tab');
          order.push(await focusedId(page));
        }
        // A radio group is one tab stop; then the address, the scope group, each component.
        assert.equal(order[0], 'subscribe-email');
        assert.equal(order[1], 'subscribe-scope-all');
        assert.match(order[2], /^subscribe-component-/);
        const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
        assert.notEqual(outline, 'none', 'focus is visible');
        await page.locator('#subscribe-email').focus();
        await page.keyboard.type('keys@northwind-customer.test');
        await page.keyboard.press('Tab'); // the scope group
        await page.keyboard.press('ArrowDown'); // "only the components I choose"
        assert.equal(await page.locator('#subscribe-scope-some').isChecked(), true);
        await page.keyboard.press('Tab'); // the first component
        await page.keyboard.press('Space');
        assert.equal(await page.locator('input[name="subscribe-component"]:checked').count(), 1);
        await page.locator('#subscribe-email').focus();
        await page.keyboard.press('Enter');
        await page.locator('#subscribe-result').waitFor();
        assert.equal(await focusedId(page), 'subscribe-result');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('no mail relay: "Get updates" offers webhooks only, and a case offers no email', async () => {
      ready();
      const options = await (await fetch(new URL('api/v1/subscriptions/options.json', plainServer.url))).json();
      assert.equal(options.email, false, 'candor demo runs without --smtp');
      const { page, problems, context } = await openPage(browser, `${plainServer.url}#/`, { width: 1280, height: 900 }, 'dark');
      try {
        await page.locator('#get-updates').click();
        await page.locator('#subscribe-webhook').waitFor();
        assert.equal(await page.locator('#subscribe-email').count(), 0, 'no email form');
        assert.equal(await page.locator('#subscribe-kind').count(), 0, 'no choice of kind');
        assert.deepEqual(await axeViolations(page), [], 'axe-core in dark mode');

        const opened = await fetch(new URL('api/v1/cases', plainServer.url), {
          method: 'POST',
          headers: { Authorization: `Bearer ${createToken(join(tmp, 'plain', 'demo.db'))}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ customer_name: 'Alan Turing', title: 'Export stuck at 99%', category: 'exports' }),
        });
        assert.equal(opened.status, 201);
        const caseUrl = `${plainServer.url}#/case/${(await opened.json()).token}`;
        await page.goto('about:blank'); // a fresh load of the portal, which asks for the options again
        const optionsRead = page.waitForResponse((r) => r.url().endsWith('/options.json'));
        await page.goto(caseUrl);
        await optionsRead;
        await page.locator('#case-title').waitFor();
        await page.waitForTimeout(300); // the chunk would be asked for now, were email offered
        assert.equal(await page.locator('#case-updates-form').count(), 0, 'no email opt-in on the case');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('no API (a static host): no "Get updates" anywhere, and #/subscribe says so without a form', async () => {
      ready();
      const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Oslo' });
      try {
        // The options document answers 404, as a static host without `candor publish`'s copy does.
        await context.route('**/api/v1/subscriptions/options.json', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
        const page = await context.newPage();
        const probed = page.waitForResponse((r) => r.url().endsWith('/options.json'));
        await page.goto(`${mailServer.url}#/`);
        assert.equal((await probed).status(), 404);
        await page.locator('#overall').waitFor();
        await page.waitForTimeout(300); // the entry would be drawn by now, were it offered
        assert.equal(await page.locator('#get-updates').count(), 0);
        await go(page, `#/incident/${incidentId}`, '#incident-title');
        assert.equal(await page.locator('#get-updates').count(), 0);
        await go(page, '#/subscribe', '#subscribe-title');
        await page.locator('#main .empty').waitFor();
        assert.equal(await page.locator('#main form').count(), 0, 'never a form that cannot work');
        assert.equal(await page.locator('#main .empty').textContent(), en['subscription.unavailable']);
      } finally {
        await context.close();
      }
    });

    test('a stopped subscription says so and why: the relay refused the address', async () => {
      ready();
      // A store of its own: confirmed through a relay that accepts, then served through one
      // that refuses the address's domain (550 at RCPT), so the next update stops it.
      const dir = join(tmp, 'bounced');
      mkdirSync(dir);
      const seed = await startServer(dir);
      await seed.stop();
      const relayArgs = (relay) => ['--smtp', `smtp://127.0.0.1:${relay.port}`, '--mail-from', 'status@northwind.test'];
      const address = 'gone@bounce.test';
      let server = await startServer(dir, { command: 'serve', args: relayArgs(smtp) });
      let refusing = null;
      try {
        const api = async (method, path, body, token) => {
          const response = await fetch(new URL(path, server.url), {
            method,
            headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
            body: body ? JSON.stringify(body) : undefined,
          });
          return { status: response.status, json: await response.json().catch(() => null) };
        };
        assert.equal((await api('POST', 'api/v1/subscriptions', { email: address, language: 'en' })).status, 202);
        const [mail] = await waitForMail(address);
        const confirmToken = /#\/subscription\/confirm\/([^\s<>"]+)/.exec(mail.text)[1];
        const confirmed = await api('POST', 'api/v1/subscriptions/confirm', { token: confirmToken });
        assert.equal(confirmed.status, 200);
        const manageToken = confirmed.json.manage_token;
        await server.stop();
        refusing = await startSmtp(join(tmp, 'refusing'), ['--reject-domain', 'bounce.test']);
        server = await startServer(dir, { command: 'serve', args: relayArgs(refusing) });
        const operator = createToken(join(dir, 'demo.db'));
        const opened = await api('POST', 'api/v1/incidents', { name: 'Delayed emails', impact: 'minor', category: 'Email', message: 'Some emails are late.' }, operator);
        assert.equal(opened.status, 201);
        let disabled = null;
        for (const deadline = Date.now() + 20_000; !disabled && Date.now() < deadline;) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          disabled = (await api('GET', `api/v1/subscriptions/${encodeURIComponent(manageToken)}.json`)).json?.disabled ?? null;
        }
        assert.ok(disabled, 'the worker stopped the subscription after the relay refused the address');

        const { page, problems, context } = await openPage(browser, `${server.url}#/subscription/${manageToken}`, { width: 360, height: 800 });
        try {
          await page.locator('#manage-disabled').waitFor();
          const text = await page.locator('#manage-disabled').textContent();
          assert.ok(text.includes(disabled.reason), `the reason is given: ${text}`);
          assert.equal(await page.locator('#unsubscribe').count(), 1, 'and it can still be removed');
          assert.deepEqual(await axeViolations(page), [], 'axe-core at 360 px');
          await page.screenshot({ path: join(outDir, 'subscription-disabled.png'), fullPage: true });
          assert.deepEqual(await problems(), []);
        } finally {
          await context.close();
        }
      } finally {
        await server.stop();
        await refusing?.stop();
      }
    });

    test('the overview\'s first load carries none of the subscription views', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${mailServer.url}#/`, { width: 1280, height: 900 });
      try {
        await page.locator('#get-updates').waitFor();
        const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)
          .filter((p) => p.endsWith('.js')));
        assert.equal(scripts.some((p) => /subscriptions-/.test(p)), false, `loaded: ${scripts.join(', ')}`);
        await page.locator('#get-updates').click();
        await page.locator('#subscribe-email').waitFor();
        const after = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
        assert.ok(after.some((p) => /^\/subscriptions-[A-Z0-9]{8}\.js$/.test(p)), 'the chunk arrives when the view is opened');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });
  });
}
