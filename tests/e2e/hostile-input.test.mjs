// Hostile and huge files in the tab: each gets an error beside its name that names the problem,
// memory stays bounded (nothing is read past the tab's limits), the tab stays usable and the
// profiles already loaded stay. The files come from `cargo run -p pgoscope-pprof --example hostile`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { appUnderTest, openApp, dropFiles, screenshot, fixtures, repo } from './helpers.mjs';

const app = appUnderTest(before, after);
const dir = join(repo, 'target/hostile');

const refused = {
  'bomb-10g.pb.gz': /decompressed size exceeds the limit of 536870912 bytes/,
  'deep-1m-x-1000.pb.gz': /decompressed size exceeds the limit of 536870912 bytes/,
  'one-gigabyte.pb': /too large for the browser: 953 MiB, above the 512 MiB a tab reads/,
  'lying-length.pb': /at byte 95, Profile field 2 claims 1099511627776 bytes, but only 10 remain/,
  'lying-varint.pb': /at byte 99, Sample.location_id \(field 1\): a packed varint longer than 10 bytes/,
  'duplicate-ids.pb': /two locations have the same id 1/,
  // One damaged byte of a Go profile (its first byte, time_nanos' key, is the letter H): named by
  // offset and field, never called text.
  'websvc-flipped.pb': /not a pprof protobuf profile: at byte 2364\d, Line field 1: wire type 6 is not used by pprof/,
};
const accepted = ['strings-10m.pb', 'recursion-1000.pb'];

before(() => {
  if (!existsSync(join(dir, 'one-gigabyte.pb'))) {
    execFileSync('cargo', ['run', '-q', '-p', 'pgoscope-pprof', '--example', 'hostile', '--', dir], { cwd: repo, stdio: 'inherit' });
  }
  const flipped = gunzipSync(readFileSync(join(fixtures, 'go/websvc-before-1.pprof')));
  flipped[23646] ^= 0xff;
  writeFileSync(join(dir, 'websvc-flipped.pb'), flipped);
});

/**
 * Unticks a file's include box. A click that lands while a view's answer re-renders the list can
 * be drawn over by the re-render; the box is clicked again until, the list settled, it stays
 * unticked (it shows the page's state once settled, so a click is never counted twice).
 */
async function exclude(page, name) {
  const toggle = card(page, name).locator('[data-testid="include-toggle"]');
  for (let i = 0; i < 5 && (await toggle.isChecked()); i++) {
    await toggle.click();
    await page.waitForTimeout(300);
  }
  assert.equal(await toggle.isChecked(), false, `${name} excluded`);
}

/** The card of a file (loaded or failed), found by its name. */
const card = (page, name) => page.locator('li.file', { hasText: name });

test('hostile files are refused by name, the tab stays usable, loaded profiles stay', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, [{ name: 'websvc-before-1.pprof', path: join(fixtures, 'go/websvc-before-1.pprof') }]);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const firstRow = await page.locator('[data-testid="top-row"]').first().innerText();

  const names = [...Object.keys(refused), ...accepted];
  await page.setInputFiles('[data-testid="file-input"]', names.map((n) => join(dir, n)));
  for (const [name, message] of Object.entries(refused)) {
    const error = card(page, name).locator('[data-testid="file-error"]');
    await error.waitFor({ timeout: 120_000 });
    assert.match(await error.innerText(), message, name);
  }
  for (const name of accepted) {
    await card(page, name).locator('.meta').waitFor({ timeout: 120_000 });
    assert.equal(await card(page, name).locator('[data-testid="file-error"]').count(), 0, name);
  }
  assert.equal(await page.locator('[data-testid="profile-item"]').count(), 1 + accepted.length);
  assert.equal(await page.locator('[data-testid="file-error"]').count(), Object.keys(refused).length);
  assert.equal(await page.locator('[data-testid="worker-failed"]').count(), 0, 'the worker survived');

  // Still usable: the first file alone gives the same top row, and search answers.
  for (const name of accepted) await exclude(page, name);
  await page.waitForFunction((row) => document.querySelector('[data-testid="top-row"]')?.innerText === row, firstRow);
  await page.fill('[data-testid="search-input"]', 'main\\.');
  await page.locator('[data-testid="search-share"]').waitFor();
  await screenshot(page, 'hostile-input');
  assert.deepEqual(page.errors, []);
  await page.close();
});
