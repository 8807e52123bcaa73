// Browser timing harness, same Debian Chromium, same run (after `make build`):
//   node scripts/bench-browser.mjs BIG_PROFILE TREE_PROFILE FLEET_DIR
// 1. drop → first flame graph on BIG_PROFILE: pgoscope next to npm speedscope@1.25.0 (dist/release);
// 2. hover and zoom frame times on the flame graphs of TREE_PROFILE (~200k nodes) and BIG_PROFILE;
// 3. dropping every fleet.*.pb.gz of FLEET_DIR at once: longest main-thread task (Long Tasks API).
// Prints markdown for docs/perf.md. scripts/bench-browser.sh makes the profiles with profgen.
// PARTS=paint,interactions,fleet (the default) picks the parts to run, e.g. PARTS=fleet.
import { readdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { basename, dirname, join, resolve } from 'node:path';
import { serveDist, launch, repo } from '../tests/e2e/helpers.mjs';
import { median } from './stats.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const PARTS = new Set((process.env.PARTS ?? 'paint,interactions,fleet').split(','));
const [bigPath, treePath, fleetDir] = process.argv.slice(2).map((p) => resolve(p));
if (!bigPath || !treePath || !fleetDir) {
  console.error('usage: node scripts/bench-browser.mjs BIG_PROFILE TREE_PROFILE FLEET_DIR');
  process.exit(2);
}
const fleet = (await readdir(fleetDir)).filter((f) => /^fleet\..*\.pb\.gz$/.test(f)).sort();
const server = await serveDist({
  '/speedscope/': join(repo, 'node_modules/speedscope/dist/release'),
  '/big/': dirname(bigPath),
  '/tree/': dirname(treePath),
  '/fleet/': fleetDir,
});
const browser = await launch();
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/**
 * In the page: fetches `urls` into File objects (not timed), starts a Long Tasks observer, drops the
 * files on the element at the centre of the window, then polls every animation frame until
 * `doneExpr` is true. Returns the elapsed ms and the long tasks seen.
 */
async function dropAndWait(page, urls, doneExpr) {
  return page.evaluate(async ({ urls, doneExpr }) => {
    const dt = new DataTransfer();
    for (const url of urls) {
      const blob = await (await fetch(url)).blob();
      dt.items.add(new File([blob], url.split('/').pop()));
    }
    const longTasks = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    // No eval: pgoscope's Content-Security-Policy forbids it.
    const done = doneExpr === 'pgoscope'
      ? () => performance.getEntriesByName('pgoscope:first-paint').length > 0
      // speedscope names the profile in its toolbar once the import is done; the next frame draws it.
      : () => document.body.innerText.includes('Left Heavy') && !!document.querySelector('canvas');
    const target = document.elementFromPoint(innerWidth / 2, innerHeight / 2) ?? document.body;
    const t0 = performance.now();
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
    await new Promise((ok) => {
      const poll = () => (done() ? ok() : requestAnimationFrame(poll));
      requestAnimationFrame(poll);
    });
    const ms = performance.now() - t0;
    await new Promise((ok) => setTimeout(ok, 200));
    observer.disconnect();
    return { ms, longTasks };
  }, { urls, doneExpr });
}

const PGOSCOPE_DONE = 'pgoscope';
const SPEEDSCOPE_DONE = 'speedscope';

async function firstPaint(appUrl, urls, doneExpr) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('crash', () => console.error(`the page of ${appUrl} crashed`));
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(appUrl);
  await page.waitForTimeout(500);
  const result = await dropAndWait(page, urls, doneExpr);
  return { page, ...result };
}

/**
 * Frame cost of interactions, from the event to the canvas drawn: handlers, Yew render, layout and
 * canvas raster (getImageData forces it). Hover is handled in the page; zoom asks the worker for the
 * new frame, so it is timed until the breadcrumb shows the new zoom and the canvas is redrawn.
 */
async function interactionTimes(page, moves, clicks) {
  return page.evaluate(async ({ moves, clicks }) => {
    const canvas = document.querySelector('[data-testid="flamegraph"]');
    const crumbs = document.querySelector('[data-testid="breadcrumb"]');
    const box = canvas.getBoundingClientRect();
    // A macrotask after the event's microtasks (Yew renders in one). MessageChannel, unlike
    // setTimeout, is not clamped to 4 ms when nested.
    const channel = new MessageChannel();
    const nextTask = () => new Promise((ok) => { channel.port1.onmessage = () => ok(); channel.port2.postMessage(0); });
    const settle = async () => {
      await nextTask();
      document.body.offsetHeight;
      document.querySelector('[data-testid="flamegraph"]').getContext('2d').getImageData(0, 0, 1, 1);
    };
    // True once the breadcrumb changes; false when it has not after 3 s (the click hit no frame).
    const crumbsChanged = () => new Promise((ok) => {
      const observer = new MutationObserver(() => { observer.disconnect(); ok(true); });
      observer.observe(crumbs, { childList: true, subtree: true, characterData: true });
      setTimeout(() => { observer.disconnect(); ok(false); }, 3000);
    });
    const rows = Math.max(1, Math.floor(box.height / 18));
    const at = (i, n) => ({ clientX: box.left + (box.width * (i + 0.5)) / n, clientY: box.top + 9 + 18 * (i % rows), bubbles: true });
    const hover = [];
    for (let i = 0; i < moves; i++) {
      const t = performance.now();
      canvas.dispatchEvent(new MouseEvent('mousemove', at(i, moves)));
      await settle();
      hover.push(performance.now() - t);
    }
    const zoom = [];
    const exact = [];
    const isExact = () => document.querySelector('[data-testid="flamegraph"]').dataset.exact === 'true';
    const exactDrawn = () => new Promise((ok) => {
      if (isExact()) return ok();
      const observer = new MutationObserver(() => { if (isExact()) { observer.disconnect(); ok(); } });
      observer.observe(document.querySelector('[data-testid="flamegraph"]'), { attributes: true });
    });
    const timeZoom = async (act) => {
      const changed = crumbsChanged();
      const t = performance.now();
      act();
      if (!(await changed)) return false;
      await settle();
      zoom.push(performance.now() - t);
      await exactDrawn();
      await settle();
      exact.push(performance.now() - t);
      return true;
    };
    for (let i = 0; i < clicks; i++) {
      const p = { clientX: box.left + (box.width * (i + 0.5)) / clicks, clientY: box.top + 9 + 18 * (1 + (i % 3)), bubbles: true };
      canvas.dispatchEvent(new MouseEvent('mousemove', p));
      await settle();
      // A point with no frame under it zooms nothing: it is skipped, not timed.
      if (await timeZoom(() => canvas.dispatchEvent(new MouseEvent('click', p)))) {
        await timeZoom(() => crumbs.querySelector('.crumb').click());
      }
    }
    return { hover, zoom, exact, nodes: Number(canvas.dataset.nodes) };
  }, { moves, clicks });
}

/** Loads a profile, waits for the worker to be idle (it analyses PGO after the first paint), interacts. */
async function interactionsOn(url) {
  const run = await firstPaint(server.url, [url], PGOSCOPE_DONE);
  // The PGO analysis is done (the loop's default.pgo step says so): nothing queues behind it.
  await run.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="loop-step"]')]
    .some((s) => s.innerText.includes('default.pgo') && !s.innerText.includes('made from the CPU profiles you load')), null, { timeout: 120000 });
  const result = await interactionTimes(run.page, Number(process.env.MOVES ?? 300), Number(process.env.CLICKS ?? 50));
  await run.page.close();
  return { name: url.split('/').pop(), ...result };
}

const bigName = basename(bigPath);
const ours = [];
const theirs = [];
for (let run = 0; PARTS.has('paint') && run < RUNS; run++) {
  const mine = await firstPaint(server.url, [`/big/${bigName}`], PGOSCOPE_DONE);
  ours.push(mine.ms);
  await mine.page.close();
  const ss = await firstPaint(`${server.url}speedscope/`, [`/big/${bigName}`], SPEEDSCOPE_DONE);
  theirs.push(ss.ms);
  await ss.page.close();
}
const interactions = PARTS.has('interactions')
  ? [await interactionsOn(`/tree/${basename(treePath)}`), await interactionsOn(`/big/${bigName}`)]
  : [];
const fleetRun = PARTS.has('fleet')
  ? await firstPaint(server.url, fleet.map((f) => `/fleet/${f}`), PGOSCOPE_DONE)
  : null;
await fleetRun?.page.close();
// The anchor: go tool pprof merging the same files natively, same run (median of 3).
const goMs = [];
for (let i = 0; fleetRun && i < 3; i++) {
  const t = performance.now();
  execFileSync(join(repo, '.venv/bin/go'), ['tool', 'pprof', '-proto', '-symbolize=none', ...fleet.map((f) => join(fleetDir, f))], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
  goMs.push(performance.now() - t);
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
if (ours.length) {
  // Paired: each run drops the file on pgoscope, then on speedscope; the ratio is taken per pair.
  const ratios = ours.map((o, i) => theirs[i] / o);
  console.log(`drop → first flame graph, ${bigName}, ${RUNS} pairs (pgoscope, speedscope alternately):`);
  console.log('| tool | median (min–max) |');
  console.log('|---|---|');
  const range = (xs) => `${s(median(xs))} (${s(Math.min(...xs))}–${s(Math.max(...xs))})`;
  console.log(`| pgoscope | ${range(ours)} |`);
  console.log(`| speedscope 1.25.0 | ${range(theirs)} |`);
  const x = (r) => r.toFixed(1);
  console.log(`**speedscope / pgoscope per pair: ${x(median(ratios))}× (min ${x(Math.min(...ratios))}×, max ${x(Math.max(...ratios))}×)**`);
}
if (interactions.length) {
  console.log('\nflame graph interactions, ms per frame (event → canvas drawn):');
  console.log('| profile | tree nodes | interaction | n | median | p95 | max |');
  console.log('|---|---|---|---|---|---|---|');
}
for (const it of interactions) {
  const rows = [['hover (tooltip)', it.hover], ['zoom in / reset, drawn', it.zoom],
    ['zoom in / reset, exact frame from the worker', it.exact]];
  for (const [name, xs] of rows) {
    console.log(`| ${it.name} | ${it.nodes} | ${name} | ${xs.length} | ${median(xs).toFixed(1)} | ${pct(xs, 0.95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`);
  }
}
const tasks = fleetRun?.longTasks ?? [];
if (fleetRun) console.log(`\n${fleet.length}-pod fleet dropped at once: first flame graph after ${s(fleetRun.ms)}; ` +
  `${tasks.length} main-thread tasks over 50 ms, longest ${tasks.length ? Math.max(...tasks).toFixed(0) : 0} ms, ` +
  `${tasks.filter((t) => t > 100).length} over 100 ms. go tool pprof -proto merges the same files in ` +
  `${s(median(goMs))}: the tab takes ${(fleetRun.ms / median(goMs)).toFixed(2)}× that.`);
await browser.close();
await server.close();
