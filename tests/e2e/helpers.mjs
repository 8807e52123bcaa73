// Shared pieces of the browser tests: a static server for dist/, Debian Chromium via playwright-core,
// fixtures, and screenshots saved under tests/artifacts/ for people to look at.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Profile, StringTable, ValueType, Sample, Location, Line, Function as PFunction } from 'pprof-format';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
export const dist = join(repo, 'dist');
export const fixtures = process.env.PGOSCOPE_FIXTURES ?? resolve(repo, 'tests/fixtures');
export const artifacts = join(repo, 'tests/artifacts');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves dist/ on a free loopback port. Resolves to { url, close }. */
export async function serveDist(mounts = {}, handlers = {}) {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error('dist/index.html is missing: run `make build` first');
  }
  return serveDir(dist, mounts, handlers);
}

/**
 * Serves `root` on a free loopback port; `mounts` maps URL prefixes ('/bench/') to other folders,
 * `handlers` maps URL prefixes to `(req, res, body) => …` (e.g. a contract server on the same origin).
 * Resolves to { url, close }.
 */
export async function serveDir(root, mounts = {}, handlers = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const handler = Object.entries(handlers).find(([p]) => path.startsWith(p));
    if (handler) {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      return handler[1](req, res, Buffer.concat(chunks));
    }
    const [prefix, dir] = Object.entries(mounts).find(([p]) => path.startsWith(p)) ?? ['/', root];
    const base = resolve(dir);
    const rest = path.slice(prefix.length - 1);
    const file = normalize(join(base, rest.endsWith('/') ? rest + 'index.html' : rest));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Debian Chromium, headless, with the flags this network needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-quic',
    ],
  });
}

/** A page that fails the test on uncaught errors; collects console errors in page.errors. */
export async function openApp(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  return page;
}

/** Drops files on the page as a user would: a DataTransfer with File objects, dragover then drop. */
export async function dropFiles(page, files) {
  const payload = [];
  for (const f of files) {
    const bytes = f.bytes ?? (await readFile(f.path));
    payload.push({ name: f.name, data: Array.from(bytes) });
  }
  const dataTransfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const { name, data } of items) {
      dt.items.add(new File([new Uint8Array(data)], name, { type: 'application/octet-stream' }));
    }
    return dt;
  }, payload);
  const zone = await page.$('[data-testid="drop-zone"]');
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Registers suite hooks that serve dist/ and launch Chromium; the returned object holds them. */
export function appUnderTest(before, after) {
  const app = { browser: null, url: null, server: null };
  before(async () => {
    app.server = await serveDist();
    app.url = app.server.url;
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * A CPU profile made up for a test (gzip-less protobuf bytes): `functions` are
 * `{ name, file, line }` (their start line; each is called at the next line), `samples` are
 * `{ stack: [function index, root first], count }` at 10 ms per sample.
 */
export function syntheticCpuProfile(functions, samples) {
  const strings = new StringTable();
  const fns = functions.map((f, i) => new PFunction({
    id: i + 1, name: strings.dedup(f.name), systemName: strings.dedup(f.name), filename: strings.dedup(f.file), startLine: f.line,
  }));
  const locs = functions.map((f, i) => new Location({ id: i + 1, line: [new Line({ functionId: i + 1, line: f.line + 1 })] }));
  const cpu = () => new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') });
  const profile = new Profile({
    sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') }), cpu()],
    sample: samples.map(({ stack, count }) => new Sample({ locationId: stack.map((i) => i + 1).reverse(), value: [count, count * 10000000] })),
    location: locs,
    function: fns,
    stringTable: strings,
    periodType: cpu(),
    period: 10000000,
    durationNanos: 1e9,
  });
  return Buffer.from(profile.encode());
}

/** Protobuf fields of a message: tag → list of values (varints as BigInt, strings as text). */
export function decodeFields(buf) {
  const fields = {};
  let i = 0;
  const varint = () => {
    let v = 0n, shift = 0n;
    for (;;) {
      const b = buf[i++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const [tag, wire] = [key >> 3, key & 7];
    let value;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = Number(varint());
      value = buf.subarray(i, i + len).toString();
      i += len;
    } else throw new Error(`unexpected wire type ${wire}`);
    (fields[tag] ??= []).push(value);
  }
  return fields;
}

/** Shows a view tab (`flame`, `top`, `both`, `sandwich`, `pgo`, `compare`) and waits until it is active. */
export async function showTab(page, tab) {
  await page.click(`[data-testid="view-tab-${tab}"]`);
  await page.locator(`[data-testid="view-tab-${tab}"].active`).waitFor();
}
