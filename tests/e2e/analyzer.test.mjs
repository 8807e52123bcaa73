// Issue 4 flows so far: flame graph and top table from the worker's merged view, search, zoom.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { showTab, appUnderTest, openApp, dropFiles, screenshot, fixtures, repo } from './helpers.mjs';

/** Rows the top table draws at most (crates/web/src/components/top_table.rs, MAX_ROWS). */
const TOP_ROWS = 100;
const app = appUnderTest(before, after);

const before3 = [1, 2, 3].map((n) => ({ name: `websvc-before-${n}.pprof`, path: join(fixtures, `go/websvc-before-${n}.pprof`) }));

/** `pgoscope top --json` of the same files. */
function cliTop(paths) {
  return JSON.parse(cli(['top', '--json', ...paths]));
}

/** The debug build of the CLI (`make e2e` builds it first). */
function cli(args) {
  return execFileSync(join(repo, 'target/debug/pgoscope'), args).toString();
}

/**
 * `pgoscope info` (without the file name line) of the page's "Export merged .pb.gz" and of
 * `pgoscope merge` of `paths`.
 */
async function exportedAndCliMerge(page, paths, tag) {
  await showTab(page, 'pgo');
  await page.locator('[data-testid="merged-download"]').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="merged-download"]')]);
  const ours = join(repo, `tests/artifacts/browser-merged-${tag}.pb.gz`);
  await download.saveAs(ours);
  const cliMerged = join(repo, `tests/artifacts/cli-merged-${tag}.pb.gz`);
  cli(['merge', '-o', cliMerged, ...paths]);
  const info = (file) => cli(['info', file]).split('\n').slice(1).join('\n');
  return { ours: info(ours), cliMerged: info(cliMerged) };
}

/** Fraction of canvas pixels that are not background, and a fingerprint of the drawing. */
async function canvasStats(page) {
  return page.$eval('[data-testid="flamegraph"]', (c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let painted = 0;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0) painted++;
      hash = (hash * 31 + data[i] + data[i + 1] * 7 + data[i + 2] * 13) | 0;
    }
    return { painted: painted / (data.length / 4), hash, width: c.width, height: c.height };
  });
}

test('dropped profiles are merged into a painted flame graph and a top table equal to the CLI', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, before3);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 3);
  const stats = await canvasStats(page);
  assert.ok(stats.painted > 0.2, `flame graph painted (${stats.painted})`);
  const expected = cliTop(before3.map((f) => f.path));
  const firstRow = await page.locator('[data-testid="top-row"]').first().innerText();
  assert.ok(firstRow.includes(expected.rows[0].function), `${firstRow} vs ${expected.rows[0].function}`);
  assert.equal(await page.locator('[data-testid="top-row"]').count(), Math.min(TOP_ROWS, expected.rows.length));
  await page.screenshot({ path: join(repo, 'tests/artifacts/analyzer-view.png') });
  // In the Top view, a row opens its sandwich.
  await showTab(page, 'top');
  await page.locator('[data-testid="top-row"]').nth(1).click();
  await page.locator('[data-testid="view-tab-sandwich"].active').waitFor();
  const sandwich = await page.locator('[data-testid="sandwich"]').innerText();
  assert.ok(sandwich.includes(expected.rows[1].function) && sandwich.includes('called from'), sandwich);
  await showTab(page, 'flame');
  const icicle = await canvasStats(page);
  await page.click('[data-testid="flame-toggle"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="flame-toggle"]').innerText === 'icicle');
  assert.notEqual((await canvasStats(page)).hash, icicle.hash, 'flame orientation redraws');
  await screenshot(page, 'analyzer-flame-up');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('search highlights matches and reports their share; clicking a frame zooms', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, before3.slice(0, 1));
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const plain = await canvasStats(page);
  await page.fill('[data-testid="search-input"]', 'main\\.');
  const share = await page.locator('[data-testid="search-share"]').innerText();
  assert.match(share, /matched [1-9]\d*\.\d\d%/);
  const searched = await canvasStats(page);
  assert.notEqual(searched.hash, plain.hash, 'search changes the drawing');
  await page.fill('[data-testid="search-input"]', '');
  const canvas = page.locator('[data-testid="flamegraph"]');
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 18 * 3 + 9);
  await page.locator('[data-testid="flame-tooltip"]').waitFor();
  await page.mouse.click(box.x + box.width * 0.5, box.y + 18 * 3 + 9);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length > 1);
  const zoomed = await canvasStats(page);
  assert.notEqual(zoomed.hash, plain.hash, 'zoom changes the drawing');
  await screenshot(page, 'analyzer-zoomed');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length === 1);
  // Measured again: the full-page screenshot above may have moved the page.
  const again = await canvas.boundingBox();
  await page.mouse.click(again.x + again.width * 0.5, again.y + 18 * 3 + 9);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length > 1);
  await page.locator('[data-testid="breadcrumb"] .crumb').first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length === 1);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'search-input');
  const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => m.name));
  assert.ok(measures.includes('pgoscope:load') && measures.includes('pgoscope:first-paint'), measures.join());
  assert.deepEqual(page.errors, []);
  await page.close();
});

const goBin = join(repo, '.venv/bin/go');


test('hot rows equal pgoscope hot; downloaded default.pgo reads like the CLI one in go tool preprofile', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, before3);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 3);
  await showTab(page, 'pgo');
  await page.locator('[data-testid="pgo-hot-row"]').first().waitFor();
  const hot = JSON.parse(cli(['hot', '--json', ...before3.map((f) => f.path)]));
  const rows = await page.locator('[data-testid="pgo-hot-row"]').allInnerTexts();
  assert.equal(rows.length, Math.min(300, hot.hot_edges.length));
  for (const [i, row] of rows.slice(0, 20).entries()) {
    const e = hot.hot_edges[i];
    const cells = row.split('\t').map((c) => c.trim());
    assert.deepEqual(cells.slice(0, 3), [`${e.caller}+${e.offset}`, e.callee, String(e.weight)], `hot row ${i}`);
  }
  // The CDF chart is drawn: plotted pixels in the line's colour (the accent, rgb(0,117,143)).
  const accentPixels = await page.$eval('[data-testid="pgo-cdf"]', (c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 40 && Math.abs(data[i + 1] - 117) < 30 && Math.abs(data[i + 2] - 143) < 30) n++;
    return n;
  });
  assert.ok(accentPixels > 200, `CDF line drawn (${accentPixels} px)`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="pgo-download"]')]);
  const ours = join(repo, 'tests/artifacts/browser-default.pgo');
  await download.saveAs(ours);
  const cliPgo = join(repo, 'tests/artifacts/cli-default.pgo');
  cli(['pgo', '-o', cliPgo, ...before3.map((f) => f.path)]);
  const pre = (file) => execFileSync(goBin, ['tool', 'preprofile', '-i', file]).toString();
  const fromBrowser = pre(ours);
  assert.ok(fromBrowser.split('\n').length > 100, 'edges');
  assert.equal(fromBrowser, pre(cliPgo));
  await page.locator('[data-testid="pgo-panel"]').screenshot({ path: join(repo, 'tests/artifacts/pgo-panel.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the exported merged profile keeps sample labels (views merge without them)', async () => {
  const heap = join(fixtures, 'pprof-testdata/proto/cppbench.heap.pb.gz');
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, [{ name: 'heap-a.pb.gz', path: heap }, { name: 'heap-b.pb.gz', path: heap }]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 2);
  const { ours, cliMerged } = await exportedAndCliMerge(page, [heap, heap], 'labels');
  assert.match(ours, /label keys: bytes/);
  assert.equal(ours, cliMerged);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a focus filter gives the CLI totals; excluding a file changes the merge', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, before3);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 3);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  await page.fill('[data-testid="filter-input"]', 'encoding/json');
  await page.click('[data-testid="filter-add"]');
  await page.locator('[data-testid="filter-chip"]').waitFor();
  const expected = JSON.parse(cli(['top', '--json', '--focus', 'encoding/json', ...before3.map((f) => f.path)]));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="top-row"]').length === n, Math.min(TOP_ROWS, expected.rows.length));
  const first = await page.locator('[data-testid="top-row"]').first().innerText();
  assert.ok(first.includes(expected.rows[0].function), `${first} vs ${expected.rows[0].function}`);
  await screenshot(page, 'analyzer-focus');
  await page.locator('[data-testid="filter-chip"] button').click();
  await page.locator('[data-testid="include-toggle"]').nth(2).uncheck();
  const two = JSON.parse(cli(['top', '--json', ...before3.slice(0, 2).map((f) => f.path)]));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="top-row"]').length === n, Math.min(TOP_ROWS, two.rows.length));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('refinements live in the URL hash and survive a reload', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, before3.slice(0, 1));
  await page.locator('[data-testid="top-row"]').first().waitFor();
  await page.fill('[data-testid="filter-input"]', 'main\\.');
  await page.click('[data-testid="filter-add"]');
  await page.locator('[data-testid="filter-chip"]').waitFor();
  await page.waitForFunction(() => /focus=main%5C\./.test(location.hash));
  await page.reload();
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  await dropFiles(page, before3.slice(0, 1));
  assert.match(await page.locator('[data-testid="filter-chip"]').innerText(), /focus: main\\\./);
  const expected = JSON.parse(cli(['top', '--json', '--focus', 'main\\.', before3[0].path]));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="top-row"]').length === n, Math.min(TOP_ROWS, expected.rows.length));
  await page.locator('[data-testid="filter-chip"] button').click();
  await page.waitForFunction(() => !location.hash.includes('focus='));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a drop of many files is shared with a helper worker and merges like the CLI', async () => {
  const go = ['before-1', 'before-2', 'before-3', 'after-1', 'after-2', 'after-3'].map((n) => ({ name: `websvc-${n}.pprof`, path: join(fixtures, `go/websvc-${n}.pprof`) }));
  // Every second file goes to the helper: the corrupt one is the helper's to report.
  const files = [go[0], { name: 'corrupt.pprof', bytes: Buffer.from('not a profile at all') }, ...go.slice(1)];
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, files);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 6);
  const helpers = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name).find((n) => n.startsWith('pgoscope:helpers=')));
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  if (cores > 1) assert.ok(helpers, 'the drop was shared with a helper worker');
  assert.match(await page.locator('li.failed', { hasText: 'corrupt.pprof' }).locator('[data-testid="file-error"]').innerText(), /protobuf|pprof/i);
  const expected = cliTop(go.map((f) => f.path));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="top-row"]').length === n, Math.min(TOP_ROWS, expected.rows.length));
  const rows = await page.locator('[data-testid="top-row"]').allInnerTexts();
  for (const [i, row] of expected.rows.slice(0, 20).entries()) assert.ok(rows[i].includes(row.function), `row ${i}: ${rows[i]} vs ${row.function}`);
  const { ours, cliMerged } = await exportedAndCliMerge(page, go.map((f) => f.path), 'shared');
  assert.equal(ours, cliMerged);
  assert.deepEqual(page.errors, []);
  await page.close();
});
