// The PGO loop on screen: six steps (Collect → default.pgo → Build → Verify → Compare → Iterate), each
// with its state for what is loaded and a command; and the page in light and dark themes, at 1440×900
// and 1024×768 (screenshots saved for people to look at).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { showTab, appUnderTest, openApp, dropFiles, screenshot, fixtures, repo, artifacts } from './helpers.mjs';

const app = appUnderTest(before, after);
const side = (s) => [1, 2, 3].map((n) => join(fixtures, `go/websvc-${s}-${n}.pprof`));
const cli = (args) => execFileSync(join(repo, 'target/debug/pgoscope'), args).toString();

/** [name, state, command] of each loop step. */
async function loop(page) {
  return page.locator('[data-testid="loop-step"]').evaluateAll((steps) => steps.map((s) => [
    s.querySelector('.loop-name').innerText, s.querySelector('.loop-state').innerText, s.querySelector('code').innerText,
  ]));
}

test('the PGO loop shows each step with its state and command, and follows what is loaded', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  const first = await loop(page);
  assert.deepEqual(first.map((s) => s[0]), ['Collect', 'default.pgo', 'Build', 'Verify', 'Compare', 'Iterate']);
  assert.match(first[0][2], /debug\/pprof\/profile\?seconds=30/);
  assert.equal(first[2][2], "go build -pgo=default.pgo -gcflags=all='-d=pgodebug=1 -m' -o app . 2> build.log");
  assert.equal(first[3][2], 'pgoscope verify --build-log build.log *.pprof');
  assert.equal(await page.locator('.loop-step.done').count(), 0, 'nothing done before any file');
  await screenshot(page, 'workspace-first-screen-1440');

  // Profiles loaded: Collect and default.pgo are done, with the hot edge count `pgoscope hot` gives.
  await dropFiles(page, side('before').map((path, i) => ({ name: `before-${i + 1}.pprof`, path })));
  const hot = JSON.parse(cli(['hot', '--json', ...side('before')]));
  await page.waitForFunction(() => document.querySelectorAll('.loop-step.done').length >= 2);
  const loaded = await loop(page);
  assert.equal(loaded[0][1], '3 profiles loaded');
  assert.match(loaded[1][1], new RegExp(`^default\\.pgo ready: .*B, ${hot.hot_edges.length} hot call edges$`));

  // A comparison: the Compare step shows the CPU change in cores, the Iterate step the drift.
  await showTab(page, 'compare');
  await page.setInputFiles('[data-testid="group-baseline-input"]', side('before'));
  await page.setInputFiles('[data-testid="group-candidate-input"]', side('after'));
  await page.waitForFunction(() => [...document.querySelectorAll('.loop-step.done .loop-name')].some((n) => n.innerText === 'Compare'));
  const compared = await loop(page);
  assert.match(compared[4][1], /^CPU \d+\.\d\d → \d+\.\d\d cores \([+-]\d+\.\d %\)$/);
  assert.match(compared[5][1], /^\d+ % of the hot weight stayed hot$/);
  await screenshot(page, 'workspace-loop-compared-1440');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'workspace-loop-compared-1024');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the dark theme follows the system setting', async () => {
  const context = await app.browser.newContext({ colorScheme: 'dark', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  await dropFiles(page, [{ name: 'websvc-before-1.pprof', path: side('before')[0] }]);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(bg, 'rgb(22, 23, 26)', 'dark background');
  await screenshot(page, 'workspace-dark-1440');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'workspace-dark-1024');
  await context.close();
});

test('a 50-pod fleet fills a compact tray in drop order and the flame graph stays in view', async () => {
  const dir = join(artifacts, 'fleet-50');
  mkdirSync(dir, { recursive: true });
  execFileSync(join(repo, 'target/debug/profgen'), ['-o', join(dir, 'pod'), '--fleet', '50', '--functions', '300', '--stacks', '2000', '--samples', '5000'], { stdio: 'ignore' });
  const files = Array.from({ length: 50 }, (_, i) => ({ name: `pod.${String(i).padStart(3, '0')}.pb.gz`, path: join(dir, `pod.${String(i).padStart(3, '0')}.pb.gz`) }));
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await dropFiles(page, files);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 50, null, { timeout: 60000 });
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const names = await page.locator('[data-testid="profile-item"] .file-name').allInnerTexts();
  assert.deepEqual(names, files.map((f) => f.name), 'rows in drop order');
  await page.evaluate(() => window.scrollTo(0, 0));
  const flame = await page.locator('[data-testid="flamegraph"]').boundingBox();
  assert.ok(flame.y < 900, `the flame graph's top edge (${flame.y} px) is inside the 900 px viewport`);
  await page.screenshot({ path: join(artifacts, 'workspace-fleet-50-1440.png') });
  // The group header sums the files; none / all leave them out and bring them back.
  const header = await page.locator('[data-testid="group-header"]').innerText();
  assert.match(header, /^▾ Analysis · 50 files · 250000 samples · 8\.3 min/);
  await page.click('[data-testid="group-none"]');
  await page.locator('.view-error').waitFor();
  assert.equal(await page.locator('[data-testid="include-toggle"]:checked').count(), 0);
  await page.click('[data-testid="group-all"]');
  await page.locator('[data-testid="top-row"]').first().waitFor();
  assert.equal(await page.locator('[data-testid="include-toggle"]:checked').count(), 50);
  // Collapsed, the group keeps its header only.
  await page.click('[data-testid="group-header"] .group-toggle');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-item"]').length === 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** What each tab shows once profiles are loaded. */
const TAB_VIEWS = {
  flame: '[data-testid="flamegraph"]',
  top: '[data-testid="top-table"]',
  both: '[data-testid="views-both"]',
  sandwich: '[data-testid="sandwich-panel"]',
  pgo: '[data-testid="pgo-panel"]',
  compare: '[data-testid="compare-panel"]',
};

test('views are tabs: keys 1–6 and clicks switch them, each is painted, the URL hash keeps the tab', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await dropFiles(page, side('before').map((path, i) => ({ name: `before-${i + 1}.pprof`, path })));
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const tabs = Object.keys(TAB_VIEWS);
  for (const [i, tab] of tabs.entries()) {
    await page.locator('h1').click(); // keys typed into a field stay there
    await page.keyboard.press(String(i + 1));
    await page.locator(`[data-testid="view-tab-${tab}"].active`).waitFor();
    await page.locator(TAB_VIEWS[tab]).first().waitFor();
    for (const other of tabs.filter((t) => t !== tab && t !== 'both' && tab !== 'both')) {
      assert.equal(await page.locator(TAB_VIEWS[other]).count(), 0, `${other} is hidden on ${tab}`);
    }
    if (tab === 'flame' || tab === 'both') {
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="flamegraph"]')?.dataset.rects) > 0);
    }
    await screenshot(page, `workspace-tab-${tab}-1440`);
  }
  // Every tab at the smaller size too, for people to look at.
  await page.setViewportSize({ width: 1024, height: 768 });
  for (const tab of tabs) {
    await page.click(`[data-testid="view-tab-${tab}"]`);
    await page.locator(TAB_VIEWS[tab]).first().waitFor();
    await screenshot(page, `workspace-tab-${tab}-1024`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  // A step of the PGO loop opens the view where it happens.
  await page.click('.loop-step button.loop-name >> text=default.pgo');
  await page.locator('[data-testid="view-tab-pgo"].active').waitFor();
  await page.locator('[data-testid="pgo-hot-row"]').first().waitFor();
  await page.waitForFunction(() => location.hash.includes('tab=pgo'));
  // A reload (or a shared link) opens the same tab.
  await page.reload();
  await page.locator('[data-testid="view-tab-pgo"].active').waitFor();
  await page.click('[data-testid="view-tab-flame"]');
  await page.waitForFunction(() => location.hash.includes('tab=flame'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('side by side, a click in the table zooms the graph and a click in the graph selects the row', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await dropFiles(page, side('before').map((path, i) => ({ name: `before-${i + 1}.pprof`, path })));
  await page.locator('[data-testid="view-tab-both"].active').waitFor();
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const crumbs = () => page.locator('[data-testid="breadcrumb"] .crumb').allInnerTexts();
  // The table: the graph zooms to the picked function's heaviest frame.
  await page.fill('.table-filter', 'main.handleSearch');
  const row = page.locator('[data-testid="top-row"]', { hasText: 'main.handleSearch' }).first();
  await row.click();
  await page.waitForFunction(() => {
    const c = [...document.querySelectorAll('[data-testid="breadcrumb"] .crumb')];
    return c.length > 1 && c[c.length - 1].title === 'main.handleSearch';
  });
  assert.equal((await crumbs())[0], 'all');
  await screenshot(page, 'workspace-both-table-drives-graph-1440');
  // The graph: a click on a frame zooms there and selects its function in the table.
  await page.fill('.table-filter', '');
  await page.click('[data-testid="breadcrumb"] .crumb >> nth=0');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length === 1);
  const canvas = page.locator('[data-testid="flamegraph"]');
  await canvas.click({ position: { x: 20, y: 18 * 1.5 } });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="breadcrumb"] .crumb').length === 2);
  const zoomed = await page.locator('[data-testid="breadcrumb"] .crumb >> nth=1').getAttribute('title');
  const selected = page.locator('[data-testid="top-row"].selected');
  await selected.waitFor();
  assert.equal(await selected.locator('td.fn').innerText(), zoomed);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('500 files keep the tray usable: rows are windowed, scrolling reaches the last, all / none cover every file', async () => {
  const dir = join(artifacts, 'fleet-500');
  mkdirSync(dir, { recursive: true });
  execFileSync(join(repo, 'target/debug/profgen'), ['-o', join(dir, 'pod'), '--fleet', '500', '--functions', '60', '--stacks', '100', '--samples', '200'], { stdio: 'ignore' });
  const name = (i) => `pod.${String(i).padStart(3, '0')}.pb.gz`;
  const files = Array.from({ length: 500 }, (_, i) => ({ name: name(i), path: join(dir, name(i)) }));
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await dropFiles(page, files);
  await page.waitForFunction(() => /500 files/.test(document.querySelector('[data-testid="group-header"]')?.innerText ?? ''), null, { timeout: 120000 });
  await page.locator('[data-testid="top-row"]').first().waitFor({ timeout: 120000 });
  const drawn = await page.locator('[data-testid="profile-item"]').count();
  assert.ok(drawn > 5 && drawn <= 64, `${drawn} rows in the page for 500 files`);
  assert.equal(await page.locator('[data-testid="profile-item"] .file-name').first().innerText(), name(0));
  // Scrolled to the end, the last file's row is drawn and in view.
  await page.locator('[data-testid="file-tray"]').evaluate((t) => { t.scrollTop = t.scrollHeight; t.dispatchEvent(new Event('scroll')); });
  const last = page.locator('[data-testid="profile-item"]', { hasText: name(499) });
  await last.waitFor();
  assert.ok(await last.isVisible());
  const tray = await page.locator('[data-testid="file-tray"]').boundingBox();
  const row = await last.boundingBox();
  assert.ok(row.y >= tray.y - 1 && row.y + row.height <= tray.y + tray.height + 1, 'the last row is inside the tray');
  await screenshot(page, 'workspace-fleet-500-1440');
  // none / all reach the rows not drawn: every file leaves the view, then every file is back.
  await page.locator('[data-testid="file-tray"]').evaluate((t) => { t.scrollTop = 0; t.dispatchEvent(new Event('scroll')); });
  await page.click('[data-testid="group-none"]');
  await page.locator('.view-error').waitFor();
  await page.click('[data-testid="group-all"]');
  await page.locator('[data-testid="top-row"]').first().waitFor();
  const samples = await page.locator('[data-testid="group-header"]').innerText();
  assert.match(samples, /500 files · 100000 samples/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
