// The source and call graph tabs: a function's lines as `pgoscope list` gives them, Go's hot call
// sites marked on their lines, the sources from a picked folder; the call graph painted, a click
// focusing a node, the hottest edge of `pgoscope hot` drawn hot, the SVG download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { showTab, appUnderTest, openApp, dropFiles, screenshot, fixtures, repo } from './helpers.mjs';

const app = appUnderTest(before, after);
const shapes = join(fixtures, 'go/shapes-cpu.pprof');
const cli = (args) => JSON.parse(execFileSync(join(repo, 'target/debug/pgoscope'), args).toString());

test('the source tab shows a function\'s lines with their weights, its hot call site marked, and the text of picked sources', async () => {
  // The caller of the hottest call edge Go's PGO sees, and where that call is.
  const hot = cli(['hot', '--json', shapes]).hot_edges.find((e) => e.caller.startsWith('main.'));
  const listed = cli(['list', '--json', `^${hot.caller.replace(/[.*()]/g, '\\$&')}$`, shapes]).functions[0];
  const hotLine = listed.start_line + hot.offset;
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await dropFiles(page, [{ name: 'shapes-cpu.pprof', path: shapes }]);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  await showTab(page, 'source');
  await page.locator('[data-testid="source-pick"]').selectOption(hot.caller);
  await page.locator('[data-testid="source-line"]').first().waitFor();
  // Without sources: the lines with a value, as `pgoscope list` gives them, and a hint.
  const numbers = await page.locator('[data-testid="source-line"]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.line)));
  assert.deepEqual(numbers, listed.lines.map((l) => l.line));
  await page.locator('[data-testid="source-hint"]').waitFor();
  await page.locator(`[data-testid="source-line"][data-line="${hotLine}"][data-hot="true"]`).waitFor();
  await screenshot(page, 'views-source-no-text-1440');
  // With the sources' folder: every line of the function, with its text; the hot line still marked.
  await page.setInputFiles('[data-testid="source-input"]', join(repo, 'examples/shapes'));
  await page.waitForFunction(() => !document.querySelector('[data-testid="source-hint"]'));
  const hotRow = page.locator(`[data-testid="source-line"][data-line="${hotLine}"]`);
  assert.equal(await hotRow.getAttribute('data-hot'), 'true');
  assert.match(await hotRow.innerText(), new RegExp(`hot → ${hot.callee.replace(/[.*()]/g, '\\$&')}`));
  assert.ok(await page.locator('[data-testid="source-line"]').count() > numbers.length, 'the unsampled lines too');
  assert.match(await page.locator('.source-lines').first().innerText(), /func /);
  // The minimap marks the hot call site.
  assert.ok(await page.locator('[data-testid="source-minimap"] .mark.hot').count() >= 1);
  await screenshot(page, 'views-source-1440');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'views-source-1024');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the call graph tab paints the graph with Go\'s hot edge, a click focuses a node, and the SVG opens as an image', async () => {
  const profile = join(fixtures, 'go/websvc-before-1.pprof');
  const hot = cli(['hot', '--json', profile]).hot_edges[0];
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await dropFiles(page, [{ name: 'websvc-before-1.pprof', path: profile }]);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  await showTab(page, 'graph');
  const canvas = page.locator('[data-testid="graph-canvas"]');
  await canvas.waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="graph-canvas"]').dataset.nodes) > 20);
  const painted = await canvas.evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n / (data.length / 4);
  });
  assert.ok(painted > 0.02, `the graph is painted (${painted})`);
  const hotEdges = (await canvas.getAttribute('data-hot-edges')).split(';');
  assert.ok(hotEdges.includes(`${hot.caller}→${hot.callee}`), `${hot.caller}→${hot.callee} is drawn hot`);
  await screenshot(page, 'views-graph-1440');
  // A click on a node focuses the graph around it.
  const node = page.locator(`[data-testid="graph-node"][data-function="${hot.callee}"]`);
  const [x, y] = [Number(await node.getAttribute('data-x')), Number(await node.getAttribute('data-y'))];
  await canvas.click({ position: { x, y } });
  await page.locator('[data-testid="graph-focus"]').waitFor();
  assert.match(await page.locator('[data-testid="graph-focus"]').innerText(), new RegExp(hot.callee.replace(/[.*()]/g, '\\$&')));
  await page.waitForFunction((n) => document.querySelector(`[data-testid="graph-node"][data-function="${n}"]`), hot.callee);
  await screenshot(page, 'views-graph-focused-1440');
  // The SVG download is an image a browser opens.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="graph-download-svg"]')]);
  const svg = (await import('node:fs')).readFileSync(await download.path()).toString();
  assert.match(svg, /^<svg xmlns/);
  const size = await page.evaluate(async (text) => {
    const img = new Image();
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(text)))}`;
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, svg);
  assert.ok(size[0] > 100 && size[1] > 100, `the SVG opens as an image (${size})`);
  // The toolbar's search outlines the nodes it matches.
  await page.fill('[data-testid="search-input"]', 'main\\.');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="graph-canvas"]')?.dataset.matched) > 0);
  await page.fill('[data-testid="search-input"]', '');
  await page.click('[data-testid="graph-reset"]');
  await page.locator('[data-testid="graph-nodecount"]').waitFor();
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'views-graph-1024');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('in a comparison, the call graph draws the calls the candidate inlined', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.click('[data-testid="demo-button"]');
  await page.locator('[data-testid="pgo-effect-row"]').first().waitFor({ timeout: 60000 });
  await showTab(page, 'graph');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="graph-canvas"]')?.dataset.inlinedAfter) > 0, null, { timeout: 60000 });
  await screenshot(page, 'views-graph-compare-1440');
  assert.deepEqual(page.errors, []);
  await page.close();
});
