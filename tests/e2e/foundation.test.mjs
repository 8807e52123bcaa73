// Issue 2 flows: files dropped → one summary each; a bad file shows its error and loses nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appUnderTest, openApp, dropFiles, screenshot, fixtures } from './helpers.mjs';

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

test('the demo button loads the bundled profile', async () => {
  const page = await openApp(app.browser, app.url);
  await page.click('[data-testid="demo-button"]');
  const item = page.locator('[data-testid="profile-item"]');
  await item.waitFor();
  assert.match(await item.innerText(), /shapes-before\.pprof[\s\S]*cpu\/nanoseconds/);
  await screenshot(page, 'foundation-demo');
  await page.close();
});
