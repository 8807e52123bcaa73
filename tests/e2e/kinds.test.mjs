// Files of different kinds in one page (issue 22): a CPU and a heap profile share no sample type, so
// pprof would refuse to merge them. The page shows one kind at a time with a picker, the PGO panel
// names the file it leaves out, switching kinds shows what `pgoscope top` shows for those files, and
// no error is ever drawn above a view that no longer matches the files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { showTab, appUnderTest, openApp, dropFiles, screenshot, fixtures, repo } from './helpers.mjs';

const app = appUnderTest(before, after);
const cpu = { name: 'websvc-before-1.pprof', path: join(fixtures, 'go/websvc-before-1.pprof') };
const heap = { name: 'gobench.heap.pb.gz', path: join(fixtures, 'pprof-testdata/proto/gobench.heap.pb.gz') };

/** `pgoscope top --json` (the debug build `make e2e` makes first). */
function cliTop(args) {
  return JSON.parse(execFileSync(join(repo, 'target/debug/pgoscope'), ['top', '--json', ...args]).toString());
}

/** Waits until the top table's first rows name `expected`'s first functions, in order. */
async function expectTop(page, expected, what) {
  const names = expected.rows.slice(0, 15).map((r) => r.function);
  try {
    await page.waitForFunction((names) => {
      const rows = [...document.querySelectorAll('[data-testid="top-row"]')].map((r) => r.innerText);
      return names.every((n, i) => rows[i]?.includes(n));
    }, names, { timeout: 30000 });
  } catch {
    const rows = await page.locator('[data-testid="top-row"]').allInnerTexts();
    assert.fail(`${what}: top rows ${JSON.stringify(rows.slice(0, 15))}, expected ${JSON.stringify(names)}`);
  }
}

test('a CPU and a heap profile dropped together show the CPU view with a kind picker', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await dropFiles(page, [heap, cpu]);
  const picker = page.locator('[data-testid="kind-pick"]');
  await picker.waitFor();
  assert.deepEqual(await picker.locator('option').allInnerTexts(), ['CPU · 1 file', 'Heap / allocs · 1 file']);
  assert.equal(await picker.locator('option:checked').innerText(), 'CPU · 1 file');
  await expectTop(page, cliTop([cpu.path]), 'CPU kind');
  await showTab(page, 'pgo');
  const leftOut = page.locator('[data-testid="pgo-left-out"]');
  await leftOut.waitFor();
  assert.match(await leftOut.innerText(), /Left out: gobench\.heap\.pb\.gz \(Heap \/ allocs\)/);
  assert.equal(await page.locator('.view-error').count(), 0);
  await screenshot(page, 'kinds-cpu-1440');

  await showTab(page, 'both');
  await picker.selectOption('heap');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="sample-type"] option')].some((o) => o.value === 'alloc_space/bytes'));
  // The kind is kept in the URL (written once the state has settled).
  await page.waitForFunction(() => location.hash.includes('kind=heap'));
  await page.locator('[data-testid="sample-type"]').selectOption('alloc_space/bytes');
  await expectTop(page, cliTop(['--sample-type', 'alloc_space', heap.path]), 'heap kind, alloc_space');
  assert.equal(await page.locator('.view-error').count(), 0);
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'kinds-heap-1024');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('files dropped one after the other never leave an error above a stale view', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, [cpu]);
  await expectTop(page, cliTop([cpu.path]), 'CPU alone');
  await dropFiles(page, [heap]);
  await page.locator('[data-testid="kind-pick"]').waitFor();
  assert.equal(await page.locator('.view-error').count(), 0, 'no error: the heap file is another kind');
  await expectTop(page, cliTop([cpu.path]), 'CPU kind after the heap drop');

  // A view that fails (an invalid regex) takes the old view with it.
  await page.selectOption('[data-testid="filter-kind"]', 'focus');
  await page.fill('[data-testid="filter-input"]', 'main\\.(');
  await page.click('[data-testid="filter-add"]');
  await page.locator('.view-error').waitFor();
  assert.equal(await page.locator('[data-testid="top-row"]').count(), 0, 'no stale top table under the error');
  assert.equal(await page.locator('[data-testid="flamegraph"]').count(), 0, 'no stale flame graph under the error');
  // Removing the bad filter brings a view back, without the error.
  await page.locator('[data-testid="filter-chip"] .chip-x').click();
  await expectTop(page, cliTop([cpu.path]), 'after the filter is removed');
  assert.equal(await page.locator('.view-error').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});
