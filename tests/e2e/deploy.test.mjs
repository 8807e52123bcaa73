// Deployment as docs/deploy.md describes it: `make dist` (target/site, built for /pgoscope/) served by
// a real nginx (Debian package) with deploy/nginx.conf.template, which also proxies two instances of
// the repository's Go service on the same origin. The browser pulls a 2 s CPU profile from both
// through nginx, merges them, and draws the flame graph.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { launch, openApp, screenshot, repo, artifacts } from './helpers.mjs';

const site = join(repo, 'target/site');
const work = join(artifacts, 'deploy');
const children = [];
let browser, nginxPort;

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

async function waitFor(url) {
  let last = 'no answer';
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`${url} never answered with 200 (last: ${last})`);
}

before(async () => {
  assert.ok(existsSync(join(site, 'index.html')), 'target/site is missing: run `make dist`');
  mkdirSync(work, { recursive: true });
  const shapes = join(work, 'shapes');
  execFileSync(join(repo, '.venv/bin/go'), ['build', '-o', shapes, '.'], { cwd: join(repo, 'examples/shapes') });
  const pods = [];
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    children.push(spawn(shapes, ['-serve', `127.0.0.1:${port}`], { stdio: 'ignore' }));
    pods.push(`http://127.0.0.1:${port}`);
  }
  nginxPort = await freePort();
  const conf = readFileSync(join(repo, 'deploy/nginx.conf.template'), 'utf8')
    .replaceAll('@PREFIX@', work)
    .replaceAll('@LISTEN@', `127.0.0.1:${nginxPort}`)
    .replaceAll('@SITE@', site)
    .replaceAll('@PYROSCOPE@', 'http://127.0.0.1:9')
    .replaceAll('@POD_A@', pods[0])
    .replaceAll('@POD_B@', pods[1]);
  writeFileSync(join(work, 'nginx.conf'), conf);
  // Workers run as the test's user: a fresh clone may sit in a directory only its owner can read.
  const user = userInfo().username;
  children.push(spawn('/usr/sbin/nginx', ['-p', work, '-c', join(work, 'nginx.conf'), '-g', `daemon off; user ${user};`], { stdio: 'inherit' }));
  for (const pod of ['a', 'b']) await waitFor(`http://127.0.0.1:${nginxPort}/pods/${pod}/shapes`);
  await waitFor(`http://127.0.0.1:${nginxPort}/pgoscope/`);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const c of children) c.kill();
});

test('through nginx on one origin, the page pulls 2 s CPU profiles from two pods and merges them', async () => {
  const origin = `http://127.0.0.1:${nginxPort}`;
  const page = await openApp(browser, `${origin}/pgoscope/`);
  await page.click('[data-testid="sources"] summary');
  await page.fill('[data-testid="pull-bases"]', '/pods/a\n/pods/b');
  await page.locator('[data-testid="pull-bases"]').blur();
  await page.fill('[data-testid="pull-seconds"]', '2');
  await page.locator('[data-testid="pull-seconds"]').blur();
  await page.evaluate(() => {
    window.countdown = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="file-progress"] .stage')) {
        if (/s left/.test(el.textContent)) window.countdown.push(el.textContent);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.click('[data-testid="pull-button"]');
  // Load on both pods while they profile, so the profiles have samples.
  const until = Date.now() + 3000;
  const load = async (pod) => {
    while (Date.now() < until) await (await fetch(`${origin}/pods/${pod}/shapes`)).arrayBuffer();
  };
  await Promise.all([load('a'), load('b'), load('a'), load('b')]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 2, null, { timeout: 30000 });
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const countdown = await page.evaluate(() => window.countdown);
  assert.ok(countdown.some((t) => /collecting, [12] s left/.test(t)), `countdown shown: ${countdown}`);
  const names = await page.locator('[data-testid="profile-item"] .file-name').allInnerTexts();
  assert.deepEqual(names.sort(), ['/pods/a cpu 2s', '/pods/b cpu 2s']);
  assert.ok(await page.locator('[data-testid="flamegraph"]').isVisible());
  const top = await page.locator('[data-testid="top-table"]').innerText();
  assert.match(top, /main\./, 'the service\'s own functions are in the merged profile');
  await screenshot(page, 'deploy-nginx-pull');
  assert.deepEqual(page.errors, []);
  await page.close();
});
