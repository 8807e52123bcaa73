// When the worker dies (a panic or out of memory kills its wasm instance), the page says so, keeps
// the files it had, and Retry restarts the worker and loads them again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appUnderTest, openApp, dropFiles, screenshot, fixtures } from './helpers.mjs';

// Kills every worker of the page the way a panic or running out of memory does: an uncaught error
// in the worker, which then answers no more. (No hook in the shipped worker: Playwright reaches it.)
async function killWorkers(page) {
  const workers = page.workers();
  assert.ok(workers.length > 0, 'the page has workers');
  for (const w of workers) {
    await w.evaluate(() => {
      setTimeout(() => { throw new Error('worker killed by a test'); }, 0);
      setTimeout(() => self.close(), 50);
    });
  }
}

const app = appUnderTest(before, after);
const two = [1, 2].map((n) => ({ name: `websvc-before-${n}.pprof`, path: join(fixtures, `go/websvc-before-${n}.pprof`) }));

test('a dead worker is reported, the files stay, and Retry brings the analysis back', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, two);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const rowsBefore = await page.locator('[data-testid="top-row"]').count();
  // Kill the worker the way a real panic does.
  await killWorkers(page);
  await page.locator('[data-testid="worker-failed"]').waitFor();
  assert.match(await page.locator('[data-testid="worker-failed"]').innerText(), /worker stopped/);
  assert.equal(await page.locator('[data-testid="profile-item"]').count(), 2, 'the files stay listed');
  await screenshot(page, 'worker-failed');
  await page.click('[data-testid="worker-retry"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 2
    && !document.querySelector('[data-testid="worker-failed"]'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="top-row"]').length === n, rowsBefore);
  // The restarted worker answers new requests too.
  await page.fill('[data-testid="search-input"]', 'main\\.');
  await page.locator('[data-testid="search-share"]').waitFor();
  page.errors = page.errors.filter((e) => !/worker killed by a test/.test(e));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('files sent to dead workers (main and helper) are loaded again by Retry', async () => {
  const six = ['before-1', 'before-2', 'before-3', 'after-1', 'after-2', 'after-3'].map((n) => ({ name: `websvc-${n}.pprof`, path: join(fixtures, `go/websvc-${n}.pprof`) }));
  const page = await openApp(app.browser, app.url);
  await page.waitForTimeout(1000); // the helper is started
  // The main worker and its helper die; a drop then goes to them and is never answered.
  await killWorkers(page);
  await page.locator('[data-testid="worker-failed"]').waitFor();
  await dropFiles(page, six);
  await page.locator('[data-testid="progress"]').first().waitFor();
  await page.click('[data-testid="worker-retry"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 6
    && !document.querySelector('[data-testid="worker-failed"]'), null, { timeout: 60000 });
  await page.locator('[data-testid="top-row"]').first().waitFor();
  assert.equal(await page.locator('[data-testid="progress"]').count(), 0, 'no file is left loading');
  page.errors = page.errors.filter((e) => !/worker killed by a test/.test(e));
  assert.deepEqual(page.errors, []);
  await page.close();
});
