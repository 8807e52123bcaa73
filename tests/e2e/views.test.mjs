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
  await screenshot(page, 'views-source-1440');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'views-source-1024');
  assert.deepEqual(page.errors, []);
  await page.close();
});
