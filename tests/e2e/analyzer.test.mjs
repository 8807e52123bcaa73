// Issue 4 flows so far: flame graph and top table from the worker's merged view, search, zoom.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { serveDist, launch, openApp, dropFiles, screenshot, fixtures, repo } from './helpers.mjs';

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const before3 = [1, 2, 3].map((n) => ({ name: `websvc-before-${n}.pprof`, path: join(fixtures, `go/websvc-before-${n}.pprof`) }));

/** `pgoscope top --json` of the same files (the release or debug build, whichever exists). */
function cliTop(paths) {
  const bin = ['release', 'debug'].map((p) => join(repo, 'target', p, 'pgoscope')).find((p) => {
    try { execFileSync(p, ['--version']); return true; } catch { return false; }
  });
  assert.ok(bin, 'a built pgoscope binary');
  return JSON.parse(execFileSync(bin, ['top', '--json', ...paths]).toString());
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
  const page = await openApp(browser, server.url);
  await dropFiles(page, before3);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 3);
  const stats = await canvasStats(page);
  assert.ok(stats.painted > 0.2, `flame graph painted (${stats.painted})`);
  const expected = cliTop(before3.map((f) => f.path));
  const firstRow = await page.locator('[data-testid="top-row"]').first().innerText();
  assert.ok(firstRow.includes(expected.rows[0].function), `${firstRow} vs ${expected.rows[0].function}`);
  assert.equal(await page.locator('[data-testid="top-row"]').count(), Math.min(300, expected.rows.length));
  await page.screenshot({ path: join(repo, 'tests/artifacts/analyzer-view.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('search highlights matches and reports their share; clicking a frame zooms', async () => {
  const page = await openApp(browser, server.url);
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
  await page.locator('[data-testid="breadcrumb"] .crumb').first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length === 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});
