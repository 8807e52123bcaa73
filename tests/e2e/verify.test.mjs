// The Verify step in the browser: a real PGO build's log (go build -pgo=PROFILE
// -gcflags='-d=pgodebug=1 -m=2'), dropped beside the profile, gives the report `pgoscope verify`
// gives; the loop's Verify step and the source view's hot lines say what the compiler did; a log of
// another profile is refused with the reason, and the profiles stay.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { showTab, appUnderTest, openApp, dropFiles, screenshot, fixtures, repo } from './helpers.mjs';

const app = appUnderTest(before, after);
const work = mkdtempSync(join(tmpdir(), 'pgoscope-verify-'));
after(() => rmSync(work, { recursive: true, force: true }));
const profile = join(fixtures, 'go/shapes-cpu.pprof');
const cli = (args) => execFileSync(join(repo, 'target/debug/pgoscope'), args).toString();

/** The compiler's output of building examples/shapes with `pgo`. */
function buildLog(pgo, name) {
  const build = spawnSync('go', ['build', `-pgo=${pgo}`, '-gcflags=-d=pgodebug=1 -m=2', '-o', join(work, name), '.'], { cwd: join(repo, 'examples/shapes') });
  assert.equal(build.status, 0, String(build.stderr));
  const log = join(work, `${name}.log`);
  writeFileSync(log, build.stderr);
  return log;
}

test('a build log dropped beside the profile shows what the compiler did at each hot call site', async () => {
  const log = buildLog(profile, 'shapes');
  const expected = JSON.parse(cli(['verify', '--json', '--build-log', log, profile]));
  const page = await openApp(app.browser, app.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  await dropFiles(page, [{ name: 'shapes-cpu.pprof', path: profile }, { name: 'shapes.log', path: log }]);
  await showTab(page, 'pgo');
  await page.locator('[data-testid="verify-summary"]').waitFor();
  const summary = await page.locator('[data-testid="verify-summary"]').innerText();
  assert.ok(summary.includes(`hot-callsite-thres-from-CDF ${expected.threshold_percent}% (the compiler's ${expected.compiler_threshold_percent}%)`), summary);
  assert.ok(summary.includes(`${expected.hot_weight_inlined_percent.toFixed(1)} % of the hot weight inlined`), summary);
  const rows = await page.locator('[data-testid="verify-site"]').evaluateAll((r) => r.map((x) => [x.dataset.callee, x.dataset.actual]));
  assert.equal(rows.length, expected.sites.length);
  const actualOf = new Map(expected.sites.map((s) => [s.callee, s.actual]));
  for (const [callee, actual] of rows) assert.equal(actual, actualOf.get(callee), callee);
  assert.equal(await page.locator('[data-testid="verify-mismatches"]').count(), 0);
  await screenshot(page, 'verify-1440');
  // The loop's Verify step says it.
  const step = page.locator('[data-testid="loop-step"]', { hasText: 'Verify' });
  assert.match(await step.innerText(), new RegExp(`shapes\\.log: ${expected.hot_weight_inlined_percent.toFixed(1)} % of the hot weight inlined`));
  // The source view marks the noinline call with the compiler's reason.
  const sum = expected.sites.find((s) => s.callee === 'main.sumAreas');
  await showTab(page, 'source');
  await page.locator('[data-testid="source-pick"]').selectOption(sum.caller);
  const mark = page.locator(`[data-testid="source-line"][data-line="${sum.line}"] [data-testid="source-compiler"]`);
  await mark.waitFor();
  assert.equal(await mark.innerText(), `compiler: not inlined: ${sum.reason}`);
  await screenshot(page, 'verify-source-1440');
  await page.setViewportSize({ width: 1024, height: 768 });
  await showTab(page, 'pgo');
  await screenshot(page, 'verify-1024');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a log of another profile is refused with the thresholds that differ, and the profile stays', async () => {
  const log = buildLog(join(fixtures, 'go/websvc-collected.pprof'), 'other');
  const cliError = spawnSync(join(repo, 'target/debug/pgoscope'), ['verify', '--build-log', log, profile]);
  assert.notEqual(cliError.status, 0);
  const page = await openApp(app.browser, app.url);
  await dropFiles(page, [{ name: 'shapes-cpu.pprof', path: profile }]);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  await showTab(page, 'pgo');
  await page.setInputFiles('[data-testid="build-log-input"]', log);
  const error = page.locator('[data-testid="verify-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /^other\.log: the build log's hot-callsite threshold is [0-9.]+%, this profile's is [0-9.]+%: the build used another profile/);
  assert.equal(await page.locator('[data-testid="profile-item"]').count(), 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});
