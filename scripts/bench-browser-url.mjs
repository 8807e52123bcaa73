// Paired timing of opening a profile by URL, from navigation start to the flame graph drawn, in the
// same Debian Chromium, each tool in a fresh browser context (empty HTTP cache: a first visit):
//   A: pgoscope, `/#url=PROFILE` → its `pgoscope:first-paint` mark (wasm fetch and compile,
//      profile fetch, decode, view, canvas drawn);
//   B: npm speedscope@1.25.0, `#profileURL=PROFILE` → its toolbar shows the profile and a canvas;
//   C: `go tool pprof -http=… -no_browser PROFILE`, then its `/ui/flamegraph` → the first box drawn,
//      timed from starting the command (pprof reads the profile before it serves the page).
// Each pair runs A, B and C one after the other (at least 5 pairs); prints the median of the
// per-pair ratios B/A and C/A with min and max.
// Usage: node scripts/bench-browser-url.mjs [--pairs N] PROFILE
import { spawn } from 'node:child_process';
import { basename, dirname, join, resolve } from 'node:path';
import { serveDist, launch, repo, dist } from '../tests/e2e/helpers.mjs';
import { stats } from './stats.mjs';

const args = process.argv.slice(2);
const i = args.indexOf('--pairs');
const pairs = i < 0 ? 5 : Number(args.splice(i, 2)[1]);
const [file] = args.map((p) => resolve(p));
if (!file || pairs < 5) {
  console.error('usage: node scripts/bench-browser-url.mjs [--pairs N>=5] PROFILE');
  process.exit(2);
}
const server = await serveDist({
  '/speedscope/': join(repo, 'node_modules/speedscope/dist/release'),
  '/p/': dirname(file),
});
const profileUrl = `${server.url.replace(/\/$/, '')}/p/${basename(file)}`;
const browser = await launch();
const TIMEOUT_MS = 300000;

/** Opens `url` in a fresh context; resolves to ms from navigation start until `done` held. */
async function open(url, done) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url, { waitUntil: 'commit' });
  const ms = await done(page);
  await context.close();
  return ms;
}

const pgoscope = () =>
  open(`${server.url}#url=${encodeURIComponent(profileUrl)}`, async (page) => {
    await page.waitForFunction(() => performance.getEntriesByName('pgoscope:first-paint').length > 0, null, { timeout: TIMEOUT_MS });
    return page.evaluate(() => {
      const m = performance.getEntriesByName('pgoscope:first-paint')[0];
      return m.startTime + m.duration;
    });
  });

/** performance.now() at the first animation frame where `done` holds (no eval: a function). */
const frameWhen = (page, done) =>
  page.evaluate(
    (source) =>
      new Promise((ok) => {
        const test = new Function(`return (${source})`);
        const poll = () => (test() ? ok(performance.now()) : requestAnimationFrame(poll));
        poll();
      }),
    done,
  );

const speedscope = () =>
  open(`${server.url}speedscope/index.html#profileURL=${encodeURIComponent(profileUrl)}`, (page) =>
    frameWhen(page, `document.body.innerText.includes('Left Heavy') && !!document.querySelector('canvas')`));

let port = 18180;
async function pprofHttp() {
  port += 1;
  const t0 = performance.now();
  const child = spawn('go', ['tool', 'pprof', `-http=127.0.0.1:${port}`, '-no_browser', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise((ok, fail) => {
      const seen = (chunk) => String(chunk).includes('Serving web UI') && ok();
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.on('exit', (code) => fail(new Error(`go tool pprof -http exited with ${code}`)));
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/ui/flamegraph`, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await page.waitForSelector('#stack-chart .boxbg', { timeout: TIMEOUT_MS });
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
    const ms = performance.now() - t0;
    await context.close();
    return ms;
  } finally {
    child.kill();
  }
}

await pgoscope(); // warm-up: the server's and the OS's caches, not the browser's (fresh contexts)
const rows = [];
for (let n = 0; n < pairs; n++) {
  const row = { a: await pgoscope(), b: await speedscope(), c: await pprofHttp() };
  console.error(`pair ${n + 1}: pgoscope ${row.a.toFixed(0)} ms, speedscope ${row.b.toFixed(0)} ms, pprof -http ${row.c.toFixed(0)} ms`);
  rows.push(row);
}
const s = (ms) => ms / 1000;
console.log(`${pairs} pairs, ${basename(file)}; A = pgoscope (${dist}) #url=, B = speedscope #profileURL=, C = go tool pprof -http flame graph`);
console.log(`A navigation start → flame graph drawn, s: ${stats(rows.map((r) => s(r.a)), 2)}`);
console.log(`B speedscope, s: ${stats(rows.map((r) => s(r.b)), 2)}`);
console.log(`C go tool pprof -http (from the command's start), s: ${stats(rows.map((r) => s(r.c)), 2)}`);
console.log(`**B / A per pair: ${stats(rows.map((r) => r.b / r.a), 1)}×; C / A per pair: ${stats(rows.map((r) => r.c / r.a), 1)}×**`);
await browser.close();
server.close?.();
process.exit(0);
