// Paired browser timing. Each pair runs A then B in the same run, at least 5 pairs; prints the
// median of the per-pair ratios B/A with min and max, and the memory of each side (pgoscope: its
// workers' wasm memory, from the flame graph's statistics line).
//   A: pgoscope in Debian Chromium, FILES dropped on the page → `pgoscope:load` (the merged view
//      out of the worker) and `pgoscope:first-paint` (flame graph drawn), from the app's marks.
//   B: `--anchor go`: `go tool pprof -proto -symbolize=none FILES` (Go's merge, wall time and
//      peak RSS), or
//      `--anchor DIST`: the same page from another build (an A/B of two builds).
// Usage: node scripts/bench-browser-paired.mjs [--pairs N] [--anchor go|DIST] FILE...
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { serveDist, serveDir, launch, dist, repo } from '../tests/e2e/helpers.mjs';
import { stats } from './stats.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args.splice(i, 2)[1];
};
const pairs = Number(option('--pairs', 5));
const anchor = option('--anchor', 'go');
const files = args;
if (files.length === 0 || pairs < 5) {
  console.error('usage: node scripts/bench-browser-paired.mjs [--pairs N>=5] [--anchor go|DIST] FILE...');
  process.exit(2);
}

const browser = await launch();
const ours = await serveDist();
const other = anchor === 'go' ? null : await serveDir(anchor);

/** Drops the files on a fresh page of `url`; resolves to { load, paint } in ms from the app's marks. */
async function pgoscope(url) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  await page.setInputFiles('[data-testid="file-input"]', files);
  await page.waitForFunction(() => performance.getEntriesByName('pgoscope:first-paint').length > 0, null, { timeout: 300000 });
  const [load, paint] = await page.evaluate(() => ['pgoscope:load', 'pgoscope:first-paint'].map((n) => performance.getEntriesByName(n)[0].duration));
  const memory = await workerMemoryMB(page);
  await page.close();
  return { load, paint, memory };
}

/** The workers' wasm memory the flame graph's statistics line reports (`data-worker-memory`), MiB. */
async function workerMemoryMB(page) {
  const shown = () => [...document.querySelectorAll('[data-worker-memory]')].map((e) => Number(e.dataset.workerMemory)).find((m) => m > 0);
  await page.waitForFunction(shown, null, { timeout: 30000 }).catch(() => {});
  const bytes = await page.evaluate(shown);
  return bytes ? bytes / 2 ** 20 : NaN;
}

/** Go's merge: wall ms and peak RSS in MiB, measured by wait4 (`scripts/paired.py --once`). */
function goMerge() {
  const command = ['go tool pprof -proto -symbolize=none', ...files.map(shellQuote), '> /dev/null'].join(' ');
  const r = spawnSync('python3', [join(repo, 'scripts/paired.py'), '--once', command]);
  if (r.status !== 0) throw new Error(String(r.stderr));
  const { wall, rss_mb: rssMiB } = JSON.parse(String(r.stdout));
  return { load: wall * 1000, paint: NaN, memory: rssMiB };
}

const shellQuote = (s) => `'${s.replaceAll("'", "'\\''")}'`;

await pgoscope(ours.url); // warm-up (wasm compile cache)
const rows = [];
for (let i = 0; i < pairs; i++) {
  const a = await pgoscope(ours.url);
  const b = other ? await pgoscope(other.url) : goMerge();
  rows.push({ a, b });
}
console.log(`${pairs} pairs; A = pgoscope (${dist}), B = ${anchor === 'go' ? 'go tool pprof -proto' : anchor}; ${files.length} file(s)`);
console.log(`A load ms: ${stats(rows.map((r) => r.a.load))}; first paint ms: ${stats(rows.map((r) => r.a.paint))}`);
console.log(`B ${anchor === 'go' ? 'merge' : 'load'} ms: ${stats(rows.map((r) => r.b.load))}`);
console.log(`**A load / B per pair: ${stats(rows.map((r) => r.a.load / r.b.load))}**`);
const memory = (side) => stats(rows.map((r) => r[side].memory), 1);
console.log(`A worker wasm memory MiB: ${memory('a')}; B ${other ? 'worker wasm memory' : 'peak RSS'} MiB: ${memory('b')}`);
if (other) console.log(`A first paint / B first paint per pair: ${stats(rows.map((r) => r.a.paint / r.b.paint))}`);
await browser.close();
await ours.close();
await other?.close();
