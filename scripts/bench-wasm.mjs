// Browser timing harness: decode throughput of the core compiled to wasm, in Debian Chromium,
// next to npm pprof-format decoding the same bytes in Node, same run. The wasm is the JS module's
// (`summary`: decode, validate, summarise; the app's bundle carries no benchmark entry points).
// Usage (after `make js`):
//   node scripts/bench-wasm.mjs FILE...
// Prints a markdown table for docs/perf.md. Timings are medians of 9 runs after 5 warm-up runs.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { Profile } from 'pprof-format';
import { serveDist, launch, repo } from '../tests/e2e/helpers.mjs';

const RUNS = 9;
const WARMUP = 5;
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function nodeDecodeMs(raw) {
  for (let i = 0; i < WARMUP; i++) Profile.decode(raw);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    Profile.decode(raw);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function wasmDecodeMs(page, bytes) {
  return page.evaluate(async ({ b64, runs, warmup }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const decode = window.pgoscopeJs.summary;
    for (let i = 0; i < warmup; i++) decode(bytes);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      decode(bytes);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  }, { b64: Buffer.from(bytes).toString("base64"), runs: RUNS, warmup: WARMUP });
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/bench-wasm.mjs FILE...');
  process.exit(2);
}
const server = await serveDist({ '/pgoscope-js/': join(repo, 'target/js') });
const browser = await launch();
const page = await browser.newPage();
await page.goto(server.url);
await page.evaluate(async () => { window.pgoscopeJs = await import('/pgoscope-js/pgoscope.js'); });
console.log('| file | raw MB | wasm decode (raw) | wasm decode (gzip) | pprof-format in Node (raw) | wasm / pprof-format |');
console.log('|---|---|---|---|---|---|');
for (const file of files) {
  const gz = await readFile(file);
  const raw = gz[0] === 0x1f && gz[1] === 0x8b ? gunzipSync(gz) : gz;
  const mb = raw.length / 1e6;
  const wasmRaw = await wasmDecodeMs(page, raw);
  const wasmGz = await wasmDecodeMs(page, gz);
  const node = nodeDecodeMs(raw);
  const rate = (ms) => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
  console.log(`| ${basename(file)} | ${mb.toFixed(1)} | ${rate(wasmRaw)} | ${rate(wasmGz)} | ${rate(node)} | ${(node / wasmRaw).toFixed(1)}x faster |`);
}
await browser.close();
await server.close();
