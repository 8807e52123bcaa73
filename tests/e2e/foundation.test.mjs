// Issue 2 flows: files dropped → one summary each; a bad file shows its error and loses nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appUnderTest, openApp, dropFiles, screenshot, fixtures, artifacts } from './helpers.mjs';

const app = appUnderTest(before, after);

const websvc = (n) => ({ name: `websvc-before-${n}.pprof`, path: join(fixtures, `go/websvc-before-${n}.pprof`) });

test('two dropped profiles get two summaries; garbage gets an error and the summaries stay', async () => {
  const page = await openApp(app.browser, app.url);
  await screenshot(page, 'foundation-empty');
  await dropFiles(page, [websvc(1), websvc(2)]);
  const items = page.locator('[data-testid="profile-item"]');
  await items.nth(1).waitFor();
  assert.equal(await items.count(), 2);
  const text = await items.first().innerText();
  assert.match(text, /websvc-before-\d\.pprof/);
  assert.match(text, /cpu\/nanoseconds/);
  assert.match(text, /samples\/count/);

  await dropFiles(page, [{ name: 'garbage.pb.gz', bytes: Buffer.from('definitely not a profile\n') }]);
  const error = page.locator('[data-testid="file-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /not a pprof profile: the file is text/);
  assert.equal(await items.count(), 2, 'the two summaries stay');
  await screenshot(page, 'foundation-two-files-and-error');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('picked files load through the file input, including a legacy profile with its advice', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="file-input"]', [
    join(fixtures, 'go/websvc-after-1.pprof'),
    join(fixtures, 'pprof-testdata/gobench.cpu'),
  ]);
  await page.locator('[data-testid="profile-item"]').first().waitFor();
  const error = page.locator('[data-testid="file-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /legacy.*go tool pprof -proto/s);
  await page.close();
});

test('the demo loads a baseline, its PGO build and the binary, and lands on the comparison', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.click('[data-testid="demo-button"]');
  await page.locator('[data-testid="diff-row"]').first().waitFor({ timeout: 60000 });
  const names = async (group) => (await page.locator(`[data-testid="group-${group}"] li`).allInnerTexts()).map((t) => t.replace('×', '').trim()).sort();
  assert.deepEqual(await names('baseline'), [1, 2, 3].map((n) => `orders-before-${n}.pprof`));
  assert.deepEqual(await names('candidate'), [1, 2, 3].map((n) => `orders-after-${n}.pprof`));
  // The headline is the CPU change in cores; the PGO binary's build information is shown.
  assert.match(await page.locator('[data-testid="compare-headline"]').innerText(), /^CPU \d+\.\d\d → \d+\.\d\d cores \([+\u2212]\d+\.\d %\)/);
  assert.match(await page.locator('[data-testid="binary-pgo"]').innerText(), /-pgo=/);
  // Both sides served the same load: the table is in CPU cores, and the function PGO inlined (its
  // heap allocation gone) is faster.
  assert.equal(await page.locator('[data-testid="normalization"]').inputValue(), 'cores');
  // A hot call site of the baseline shows inlined in the candidate.
  const after = await page.locator('[data-testid="pgo-effect-row"] td:last-child').allInnerTexts();
  assert.ok(after.some((t) => t.startsWith('inlined')), `an inlined hot call site: ${after.slice(0, 10)}`);
  // It landed on the comparison: the panel's top is near the top of the viewport (within half a
  // screen either way: content above it may still change height by a line after the scroll).
  await page.waitForFunction(() => {
    const top = document.querySelector('[data-testid="compare-panel"]').getBoundingClientRect().top;
    return Math.abs(top) < window.innerHeight / 2;
  });
  await page.screenshot({ path: join(artifacts, 'foundation-demo-1440.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});
