// Before/after: baseline and candidate groups of the websvc fixtures (built without and with PGO),
// the diff flame graph and table (equal to the CLI's diff), the PGO effect, the drift, and the
// binary check of a Go binary built here with -pgo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { showTab, appUnderTest, openApp, serveDist, screenshot, fixtures, repo, artifacts } from './helpers.mjs';

const app = appUnderTest(before, after);
const side = (s) => [1, 2, 3].map((n) => join(fixtures, `go/websvc-${s}-${n}.pprof`));
const cli = (args) => execFileSync(join(repo, 'target/debug/pgoscope'), args).toString();

async function pickInto(page, testid, paths) {
  await page.setInputFiles(`[data-testid="${testid}-input"]`, paths);
}

test('a link with base_url= and url= opens those files as Baseline and Candidate, compared', async () => {
  const server = await serveDist({ '/fx/': join(fixtures, 'go') });
  const files = (s) => [1, 2, 3].map((n) => `fx/websvc-${s}-${n}.pprof`);
  const link = [...files('before').map((f) => `base_url=${encodeURIComponent(f)}`),
    ...files('after').map((f) => `url=${encodeURIComponent(f)}`)].join('&');
  const page = await openApp(app.browser, `${server.url}#${link}`);
  await page.locator('[data-testid="diff-row"]').first().waitFor({ timeout: 60000 });
  const names = (group) => page.locator(`[data-testid="group-${group}"] li`).allInnerTexts();
  assert.equal((await names('baseline')).filter((t) => t.includes('websvc-before')).length, 3);
  assert.equal((await names('candidate')).filter((t) => t.includes('websvc-after')).length, 3);
  const expected = JSON.parse(cli(['diff', '--json', '--base', ...side('before'), '--new', ...side('after')]));
  const first = (await page.locator('[data-testid="diff-row"]').first().innerText()).split('\t').map((c) => c.trim());
  assert.equal(first.at(-1), expected.rows[0].function);
  // The link stays in the address bar: a reload compares the same files again.
  assert.ok(new URL(page.url()).hash.includes('base_url='));
  await screenshot(page, 'compare-from-link');
  assert.deepEqual(page.errors, []);
  await page.close();
  await server.close();
});

test('baseline and candidate groups give a diff flame graph, the CLI diff rows, PGO effect and drift', async () => {
  const page = await openApp(app.browser, app.url);
  await showTab(page, 'compare');
  await pickInto(page, 'group-baseline', side('before'));
  await pickInto(page, 'group-candidate', side('after'));
  await page.locator('[data-testid="diff-row"]').first().waitFor({ timeout: 60000 });
  assert.equal(await page.locator('[data-testid="group-baseline"] li').count(), 3);
  assert.equal(await page.locator('[data-testid="group-candidate"] li').count(), 3);

  // The diff flame graph is painted in change colours.
  const coloured = await page.$eval('[data-testid="diff-flamegraph"]', (c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let red = 0, green = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] > 150 && data[i + 1] < 120 && data[i + 2] < 120) red++;
      if (data[i + 1] > 120 && data[i] < 120 && data[i + 2] < 120) green++;
    }
    return { red, green };
  });
  assert.ok(coloured.red > 50 && coloured.green > 50, JSON.stringify(coloured));

  // The headline: CPU cores of each side (CPU seconds per second of profiling), from the files'
  // own totals and durations as `pgoscope info` reports them, whatever the table's normalisation.
  const cores = (paths) => {
    const info = JSON.parse(cli(['info', '--json', ...paths]));
    const cpu = info.reduce((s, f) => s + f.sample_types.find((t) => t.type === 'cpu').total, 0);
    return cpu / info.reduce((s, f) => s + f.duration_ns, 0);
  };
  const [b, a] = [cores(side('before')), cores(side('after'))];
  const pct = (100 * (a - b)) / b;
  const sign = pct < 0 ? '\u2212' : '+';
  const headline = await page.locator('[data-testid="compare-headline"]').innerText();
  assert.ok(headline.startsWith(`CPU ${b.toFixed(2)} → ${a.toFixed(2)} cores (${sign}${Math.abs(pct).toFixed(1)} %)`), headline);
  assert.doesNotMatch(await page.locator('[data-testid="compare-summary"]').innerText(), /0\.00%/, 'no change made by the normalisation');

  // Rows equal `pgoscope diff` (share normalisation, the default) for the same files.
  const expected = JSON.parse(cli(['diff', '--json', '--base', ...side('before'), '--new', ...side('after')]));
  const first = (await page.locator('[data-testid="diff-row"]').first().innerText()).split('\t').map((c) => c.trim());
  assert.equal(first.at(-1), expected.rows[0].function);
  assert.equal(await page.locator('[data-testid="diff-row"]').count(), Math.min(300, expected.rows.length));

  // PGO effect and drift tables.
  assert.ok(await page.locator('[data-testid="pgo-effect-row"]').count() > 0);
  assert.equal(await page.locator('[data-testid="pgo-effect-row"]').count(), Math.min(300, expected.pgo_effect.sites.length));
  assert.ok(await page.locator('[data-testid="drift-row"]').count() > 0);
  await screenshot(page, 'compare-share');
  await page.locator('[data-testid="compare-panel"]').screenshot({ path: join(artifacts, 'compare-panel.png') });

  // Hovering the diff flame graph explains a frame.
  await page.locator('[data-testid="diff-flamegraph"]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-testid="diff-flamegraph"]').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 18 * 3 + 9);
  const hovered = await page.locator('[data-testid="diff-tooltip"]').innerText();
  assert.match(hovered, /before .* after[\s\S]*Δ/);

  // A click zooms to that frame: it becomes the top row, with the same values before and after.
  await page.mouse.click(box.x + box.width / 2, box.y + 18 * 3 + 9);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="diff-breadcrumb"] .crumb').length === 4);
  const zoomedBox = await page.locator('[data-testid="diff-flamegraph"]').boundingBox();
  await page.mouse.move(zoomedBox.x + 3, zoomedBox.y + 9);
  await page.waitForFunction((text) => document.querySelector('[data-testid="diff-tooltip"]')?.innerText === text, hovered);
  assert.equal(await page.locator('[data-testid="diff-breadcrumb"] .crumb').last().innerText(), hovered.split('\n')[0]);
  await screenshot(page, 'compare-diff-zoomed');
  await page.locator('[data-testid="diff-breadcrumb"] .crumb').first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="diff-breadcrumb"] .crumb').length === 1);

  // Cores normalisation changes the numbers and is kept in the URL.
  await page.selectOption('[data-testid="normalization"]', 'cores');
  await page.waitForFunction(() => document.querySelector('[data-testid="compare-summary"]')?.innerText.includes('cores'));
  await page.waitForFunction(() => location.hash.includes('norm=cores'));
  await page.check('[data-testid="colour-blind"]');
  await screenshot(page, 'compare-cores-colour-blind');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the binary check shows -pgo= of a Go binary built with PGO, and explains a non-Go file', async () => {
  const go = join(repo, '.venv/bin/go');
  const dir = join(artifacts, 'binary-check');
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, 'shapes-pgo');
  const profile = join(fixtures, 'go/websvc-collected.pprof');
  execFileSync(go, ['build', `-pgo=${profile}`, '-o', binary, '.'], { cwd: join(repo, 'examples/shapes') });
  const page = await openApp(app.browser, app.url);
  await showTab(page, 'compare');
  await page.setInputFiles('[data-testid="binary-input"]', binary);
  await page.locator('[data-testid="binary-pgo"]').waitFor();
  assert.equal(await page.locator('[data-testid="binary-pgo"]').innerText(), `built with -pgo=${profile}`);
  await page.locator('.binary-panel').screenshot({ path: join(artifacts, 'binary-check.png') });
  await page.setInputFiles('[data-testid="binary-input"]', profile);
  assert.match(await page.locator('[data-testid="binary-error"]').innerText(), /not an executable/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('work per side, typed or from go test -bench output, gives CPU per operation as the CLI does', async () => {
  const page = await openApp(app.browser, app.url);
  await showTab(page, 'compare');
  await pickInto(page, 'group-baseline', side('before'));
  await pickInto(page, 'group-candidate', side('after'));
  await page.locator('[data-testid="compare-headline"]').waitFor({ timeout: 60000 });
  // Typed operation counts.
  await page.fill('[data-testid="work-baseline"]', '3000');
  await page.fill('[data-testid="work-candidate"]', '2500');
  await page.locator('[data-testid="work-candidate"]').dispatchEvent('change');
  await page.locator('[data-testid="per-op-headline"]').waitFor();
  const cli = JSON.parse(execFileSync(join(repo, 'target/debug/pgoscope'), ['diff', '--json', '--work-base', '3000', '--work-new', '2500', '--base', ...side('before'), '--new', ...side('after')]).toString());
  const { cpu_per_op_ns_before: before, cpu_per_op_ns_after: after } = cli.per_op;
  const ms = (ns) => `${(ns / 1e6).toFixed(3)} ms`;
  const headline = await page.locator('[data-testid="per-op-headline"]').innerText();
  assert.ok(headline.startsWith(`CPU per operation ${ms(before)} → ${ms(after)}`), `${headline} vs ${ms(before)} → ${ms(after)}`);
  // Benchmark output for each side: its iterations become the work, its runs are compared.
  const bench = (ns) => Buffer.from(`goos: linux\n${ns.map((v) => `BenchmarkServe-8   \t 1000\t ${v} ns/op\n`).join('')}PASS\n`);
  await page.setInputFiles('[data-testid="bench-baseline-input"]', { name: 'before.txt', mimeType: 'text/plain', buffer: bench([1052, 1049, 1060, 1055, 1051, 1058]) });
  await page.setInputFiles('[data-testid="bench-candidate-input"]', { name: 'after.txt', mimeType: 'text/plain', buffer: bench([980, 975, 990, 985, 979, 983]) });
  await page.locator('[data-testid="bench-row"]').waitFor();
  const row = await page.locator('[data-testid="bench-row"]').innerText();
  assert.match(row, /BenchmarkServe-8/);
  assert.match(row, /−6\.\d %/, 'a significant change of the median');
  assert.match(row, /p=0\.002 n=6\+6/);
  await page.waitForFunction(() => /6000 iterations/.test(document.querySelector('[data-testid="work"]').innerText));
  const cli6000 = JSON.parse(execFileSync(join(repo, 'target/debug/pgoscope'), ['diff', '--json', '--work-base', '6000', '--work-new', '6000', '--base', ...side('before'), '--new', ...side('after')]).toString());
  await page.waitForFunction((text) => document.querySelector('[data-testid="per-op-headline"]')?.innerText.startsWith(text),
    `CPU per operation ${ms(cli6000.per_op.cpu_per_op_ns_before)} → ${ms(cli6000.per_op.cpu_per_op_ns_after)}`);
  // A file that is not benchmark output is named.
  await page.setInputFiles('[data-testid="bench-candidate-input"]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\n') });
  assert.match(await page.locator('[data-testid="bench-error"]').innerText(), /notes\.txt: no benchmark results/);
  await screenshot(page, 'compare-work');
  assert.deepEqual(page.errors, []);
  await page.close();
});
