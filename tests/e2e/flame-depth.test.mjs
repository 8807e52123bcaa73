// The flame graph's second round of flows: deep stacks scroll on a viewport-sized canvas, zoom and
// search survive a reload through the URL hash, hovering after a zoom, and the progress bars.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { appUnderTest, openApp, dropFiles, screenshot, fixtures, artifacts, syntheticCpuProfile } from './helpers.mjs';

const app = appUnderTest(before, after);
const websvc = { name: 'websvc-before-1.pprof', path: join(fixtures, 'go/websvc-before-1.pprof') };

/** A CPU profile with one stack `depth` frames deep (main.f0 → main.f1 → …) and a shallow one. */
function deepProfile(depth) {
  const functions = Array.from({ length: depth }, (_, i) => ({ name: `main.f${i}`, file: 'deep.go', line: 10 + i }));
  const all = functions.map((_, i) => i);
  return syntheticCpuProfile(functions, [{ stack: all, count: 3 }, { stack: [0, 1], count: 1 }]);
}

/** Whether any pixel of a horizontal band of the canvas (CSS px from the top) is painted. */
async function bandPainted(page, fromPx, toPx) {
  return page.$eval('[data-testid="flamegraph"]', (c, [from, to]) => {
    const dpr = c.width / c.clientWidth;
    const { data } = c.getContext('2d').getImageData(0, Math.floor(from * dpr), c.width, Math.max(1, Math.floor((to - from) * dpr)));
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) return true;
    return false;
  }, [fromPx, toPx]);
}

test('a 1500-frame stack scrolls on a canvas no taller than the viewport, deepest frames included', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, [{ name: 'deep.pb', bytes: deepProfile(1500) }]);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const scroll = page.locator('[data-testid="flame-scroll"]');
  const sizes = await scroll.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight, canvas: el.querySelector('canvas').height }));
  assert.ok(sizes.scroll >= 1501 * 18, `scroll height ${sizes.scroll} holds every level`);
  assert.ok(sizes.client <= 800 && sizes.canvas <= 800, `viewport-sized canvas: ${JSON.stringify(sizes)}`);
  await scroll.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => document.querySelector('[data-testid="flame-scroll"]').scrollTop > 20000);
  // The deepest level is the last row: painted after scrolling.
  const client = sizes.client;
  assert.ok(await bandPainted(page, client - 18, client - 1), 'deepest row painted');
  await scroll.evaluate((el) => el.scrollIntoView());
  const box = await page.locator('[data-testid="flamegraph"]').boundingBox();
  await page.mouse.move(box.x + 20, box.y + client - 9);
  assert.match(await page.locator('[data-testid="flame-tooltip"]').innerText(), /main\.f1499[\s\S]*deep\.go:1509/);
  // A viewport screenshot here: a full-page one resizes the page for a moment, which the flame
  // graph follows, and the click below could then land on another frame.
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'flame-deep-scrolled.png') });
  // Zooming to the deepest frame: the breadcrumb shows "all", an ellipsis and the last steps, on
  // one line, the zoomed frame's name in full view.
  await page.mouse.click(box.x + 20, box.y + client - 9);
  await page.waitForFunction(() => document.querySelector('[data-testid="breadcrumb"] .crumb:last-child')?.innerText === 'main.f1499');
  const crumbs = await page.locator('[data-testid="breadcrumb"] .crumb').allInnerTexts();
  assert.deepEqual(crumbs, ['all', 'main.f1494', 'main.f1495', 'main.f1496', 'main.f1497', 'main.f1498', 'main.f1499']);
  assert.match(await page.locator('[data-testid="breadcrumb"] .crumb-gap').getAttribute('title'), /^main\.f0 › main\.f1 › .* › main\.f1493$/);
  const nav = await page.locator('[data-testid="breadcrumb"]').boundingBox();
  const last = await page.locator('[data-testid="breadcrumb"] .crumb').last().boundingBox();
  assert.ok(last.x + last.width <= nav.x + nav.width + 0.5 && nav.height < 30, JSON.stringify({ nav, last }));
  await page.locator('[data-testid="breadcrumb"] .crumb').first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length === 1);
  // Flame mode puts the roots at the bottom and scrolls there.
  await page.click('[data-testid="flame-toggle"]');
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="flame-scroll"]');
    return el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
  });
  await scroll.evaluate((el) => el.scrollIntoView());
  const flameBox = await page.locator('[data-testid="flamegraph"]').boundingBox();
  await page.mouse.move(flameBox.x + 20, flameBox.y + client - 9);
  assert.match(await page.locator('[data-testid="flame-tooltip"]').innerText(), /^all/);
  await screenshot(page, 'flame-deep-flame-mode');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('zoom and search are kept in the URL hash and restored after a reload; hovering a new zoom works', async () => {
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, [websvc]);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const canvas = page.locator('[data-testid="flamegraph"]');
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 18 * 2 + 9);
  await page.mouse.click(box.x + box.width * 0.5, box.y + 18 * 2 + 9);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length === 3);
  // Hover all over the zoomed frame: the tooltip follows it (a stale hover once crashed here).
  for (let i = 0; i < 12; i++) await page.mouse.move(box.x + (box.width * (i + 0.5)) / 12, box.y + 9 + 18 * (i % 4));
  await page.mouse.move(box.x + 5, box.y + 9);
  await page.locator('[data-testid="flame-tooltip"]').waitFor();
  const crumbs = await page.locator('[data-testid="breadcrumb"] .crumb').allInnerTexts();
  await page.fill('[data-testid="search-input"]', 'json');
  await page.locator('[data-testid="search-share"]').waitFor();
  const share = await page.locator('[data-testid="search-share"]').innerText();
  // The URL follows once the state has been still for a moment.
  await page.waitForFunction(() => /zoom=[^&]+/.test(location.hash) && location.hash.includes('search=json'));
  const hash = new URL(page.url()).hash;
  assert.match(hash, /zoom=[^&]+/);
  assert.match(hash, /search=json/);
  await page.reload();
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  await dropFiles(page, [websvc]);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length === n, crumbs.length);
  assert.deepEqual(await page.locator('[data-testid="breadcrumb"] .crumb').allInnerTexts(), crumbs);
  assert.equal(await page.inputValue('[data-testid="search-input"]'), 'json');
  assert.equal(await page.locator('[data-testid="search-share"]').innerText(), share);
  await screenshot(page, 'flame-restored-from-hash');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('loading shows an overall bar and one bar per file', async () => {
  const page = await openApp(app.browser, app.url);
  // Record what the progress area shows while loading; it may be gone before the test looks.
  await page.evaluate(() => {
    window.progressSeen = { overall: false, files: 0 };
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="progress"] [role="progressbar"]')) window.progressSeen.overall = true;
      const files = document.querySelectorAll('[data-testid="file-progress"]').length;
      window.progressSeen.files = Math.max(window.progressSeen.files, files);
    }).observe(document.body, { childList: true, subtree: true });
  });
  const three = [1, 2, 3].map((n) => ({ name: `websvc-before-${n}.pprof`, path: join(fixtures, `go/websvc-before-${n}.pprof`) }));
  await dropFiles(page, three);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const seen = await page.evaluate(() => window.progressSeen);
  assert.deepEqual(seen, { overall: true, files: 3 });
  assert.equal(await page.locator('[data-testid="progress"]').count(), 0, 'the bars go away when done');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a file over 32 MiB (read by the page, not handed to the worker) shows its size while read, and loads', async () => {
  const page = await openApp(app.browser, app.url);
  const small = deepProfile(3);
  // The profile with one more (unreferenced) string of 40 MiB appended: string_table is field 6.
  await page.evaluate(async (bytes) => {
    const padding = 40 << 20;
    const varint = [];
    for (let v = padding; v >= 0x80; v = Math.floor(v / 128)) varint.push((v & 0x7f) | 0x80);
    varint.push(Math.floor(padding / 128 ** varint.length));
    const big = new Uint8Array(bytes.length + 1 + varint.length + padding);
    big.set(bytes);
    big.set([0x32, ...varint], bytes.length);
    big.fill(0x61, bytes.length + 1 + varint.length);
    window.stagesSeen = [];
    new MutationObserver(() => {
      for (const s of document.querySelectorAll('[data-testid="file-progress"] .stage')) window.stagesSeen.push(s.innerText);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    const dt = new DataTransfer();
    dt.items.add(new File([big], 'padded.pb'));
    const zone = document.querySelector('[data-testid="drop-zone"]');
    for (const type of ['dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, Array.from(small));
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const stages = await page.evaluate(() => window.stagesSeen);
  assert.ok(stages.some((s) => /^reading .* of 40\.0 MB$/.test(s)), JSON.stringify([...new Set(stages)]));
  assert.match(await page.locator('[data-testid="top-row"]').first().innerText(), /main\.f/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
