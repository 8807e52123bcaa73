// Where the source view's text comes from besides a picked folder: a Go module's .zip (unzipped in
// the worker), a source URL template (fetched, the tail of the profile's path found and reused, a
// blocked request named), and a long routine that draws only the rows in view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { showTab, appUnderTest, openApp, dropFiles, screenshot, fixtures, repo } from './helpers.mjs';

const app = appUnderTest(before, after);
const shapes = join(fixtures, 'go/shapes-cpu.pprof');
const work = mkdtempSync(join(tmpdir(), 'pgoscope-sources-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A zip of `files` ({ path: text }) written with Python's zipfile (deflated), as the module proxy serves modules. */
function zipOf(name, files) {
  const path = join(work, name);
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED)\n'
    + 'for p,t in json.load(sys.stdin).items(): z.writestr(p,t)\nz.close()\n';
  execFileSync('python3', ['-c', script, path], { input: JSON.stringify(files) });
  return path;
}

async function openFunction(page, profile, name, fn) {
  await dropFiles(page, [{ name, path: profile }]);
  await page.locator('[data-testid="profile-item"]').first().waitFor();
  await showTab(page, 'source');
  await page.locator('[data-testid="source-pick"]').selectOption(fn);
  await page.locator('[data-testid="source-line"]').first().waitFor();
}

test('a module .zip gives the lines their text; a bad one is named and loses nothing', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFunction(page, shapes, 'shapes-cpu.pprof', 'main.sumAreas');
  await page.locator('[data-testid="source-hint"]').waitFor();
  const bad = join(work, 'bad.zip');
  writeFileSync(bad, 'this is not a zip');
  await page.setInputFiles('[data-testid="source-zip-input"]', bad);
  await page.waitForFunction(() => /bad\.zip: not a readable zip archive/.test(document.querySelector('[data-testid="source-notes"]')?.innerText ?? ''));
  assert.equal(await page.locator('[data-testid="profile-item"]').count(), 1, 'the profile stays');
  const main = readFileSync(join(repo, 'examples/shapes/main.go'), 'utf8');
  const zip = zipOf('v0.1.0.zip', { 'example.com/shapes@v0.1.0/main.go': main, 'example.com/shapes@v0.1.0/go.mod': 'module example.com/shapes\n' });
  await page.setInputFiles('[data-testid="source-zip-input"]', zip);
  await page.waitForFunction(() => !document.querySelector('[data-testid="source-hint"]'));
  assert.match(await page.locator('.source-lines').first().innerText(), /func sumAreas\(shapes \[\]Shape\) float64 \{/);
  assert.match(await page.locator('[data-testid="source-notes"]').innerText(), /v0\.1\.0\.zip: 1 Go files/);
  await screenshot(page, 'source-zip-1440');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a source URL template fetches the file by the tail of its path, is remembered, and a blocked request is named', async () => {
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  const main = readFileSync(join(repo, 'examples/shapes/main.go'), 'utf8');
  const asked = [];
  await page.route('https://src.example.test/**', (route) => {
    const url = route.request().url();
    asked.push(url);
    const cors = { 'access-control-allow-origin': '*' };
    if (url === 'https://src.example.test/acme/shapes/main.go') return route.fulfill({ status: 200, body: main, headers: cors });
    return route.fulfill({ status: 404, body: 'not found', headers: cors });
  });
  await page.route('https://blocked.example.test/**', (route) => route.abort('failed'));
  await openFunction(page, shapes, 'shapes-cpu.pprof', 'main.sumAreas');
  await page.fill('[data-testid="source-url-template"]', 'https://src.example.test/acme/shapes/{path}');
  await page.locator('[data-testid="source-url-template"]').press('Enter');
  await page.waitForFunction(() => !document.querySelector('[data-testid="source-hint"]'));
  assert.match(await page.locator('.source-lines').first().innerText(), /func sumAreas/);
  assert.equal(asked.at(-1), 'https://src.example.test/acme/shapes/main.go', 'the file name tail, tried last, worked');
  assert.ok(asked.length >= 2 && asked.slice(0, -1).every((u) => u.endsWith('/main.go')), 'longer tails first');
  assert.match(await page.locator('[data-testid="source-notes"]').innerText(), /fetched https:\/\/src\.example\.test\/acme\/shapes\/main\.go/);
  await screenshot(page, 'source-url-1440');
  // Remembered by the browser: after a reload the template is there and fetches again.
  await page.reload();
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  await openFunction(page, shapes, 'shapes-cpu.pprof', 'main.sumAreas');
  assert.equal(await page.locator('[data-testid="source-url-template"]').inputValue(), 'https://src.example.test/acme/shapes/{path}');
  await page.waitForFunction(() => !document.querySelector('[data-testid="source-hint"]'));
  // A request the browser blocks (CORS, network) is named, once, and the lines stay.
  await page.fill('[data-testid="source-url-template"]', 'https://blocked.example.test/{path}');
  await page.locator('[data-testid="source-url-template"]').press('Enter');
  await page.waitForFunction(() => /CORS/.test(document.querySelector('[data-testid="source-notes"]')?.innerText ?? ''));
  await page.locator('[data-testid="source-hint"]').waitFor();
  assert.ok(await page.locator('[data-testid="source-line"]').count() > 0, 'the lines stay, without text');
  assert.match(await page.locator('[data-testid="source-hint"]').innerText(), /template did not give this file/);
  // A template without {path} is refused with the cure.
  await page.fill('[data-testid="source-url-template"]', 'https://src.example.test/acme');
  await page.locator('[data-testid="source-url-template"]').press('Enter');
  await page.waitForFunction(() => /has no \{path\}/.test(document.querySelector('[data-testid="source-notes"]')?.innerText ?? ''));
  await page.fill('[data-testid="source-url-template"]', '');
  await page.locator('[data-testid="source-url-template"]').press('Enter');
  // The browser logs each 404 and the blocked request; nothing else may fail.
  assert.deepEqual(page.errors.filter((e) => !e.startsWith('Failed to load resource')), []);
  await page.close();
});

test('a routine of 1,200 lines draws only the rows in view, and the minimap scrolls to its marks', async () => {
  const profile = join(fixtures, 'go/compile-ssa.pprof');
  const fn = 'cmd/compile/internal/ssa.(*regAllocState).regalloc';
  const text = Array.from({ length: 3000 }, (_, i) => `\t// regalloc.go line ${i + 1}`).join('\n');
  const zip = zipOf('cmd.zip', { 'std@v0.0.0/cmd/compile/internal/ssa/regalloc.go': text });
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFunction(page, profile, 'compile-ssa.pprof', fn);
  await page.setInputFiles('[data-testid="source-zip-input"]', zip);
  await page.waitForFunction(() => !document.querySelector('[data-testid="source-hint"]'));
  const body = page.locator('.routine-body').first();
  const rows = Number(await body.getAttribute('data-rows'));
  assert.ok(rows > 1000, `the routine lists ${rows} lines`);
  const drawn = await page.locator('[data-testid="source-line"]').count();
  assert.ok(drawn < 200, `only the rows in view are drawn (${drawn} of ${rows})`);
  // The minimap's lowest mark brings its line, far down, into view.
  const lines = await page.locator('[data-testid="source-minimap"] .mark').evaluateAll((m) => m.map((x) => Number(x.dataset.line)));
  const far = Math.max(...lines);
  assert.ok(far > 1064 + 600, `a mark far down the routine (line ${far})`);
  await page.locator(`[data-testid="source-minimap"] .mark[data-line="${far}"]`).first().click();
  await page.locator(`[data-testid="source-line"][data-line="${far}"]`).waitFor();
  assert.ok(await page.locator(`[data-testid="source-line"][data-line="${far}"]`).isVisible());
  assert.match(await page.locator('.source-lines').first().innerText(), /regalloc\.go line \d+/);
  await screenshot(page, 'source-long-1440');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'source-long-1024');
  assert.deepEqual(page.errors, []);
  await page.close();
});
