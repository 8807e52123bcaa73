// Profiles from elsewhere in the browser: a Grafana deep link to Pyroscope (checked by a contract
// server that decodes Pyroscope's SelectMergeProfileRequest and answers a pprof profile), the same
// with a baseline range (comparison), a URL blocked by CORS, and the Pyroscope pickers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serveDist, launch, openApp, screenshot, fixtures, artifacts, decodeFields } from './helpers.mjs';

const profile = gunzipSync(readFileSync(join(fixtures, 'go/websvc-collected.pprof')));
const seen = [];

/** Encodes `repeated string names = 1` (LabelNames/LabelValues replies). */
function namesReply(names) {
  return Buffer.concat(names.map((n) => Buffer.concat([Buffer.from([0x0a, Buffer.byteLength(n)]), Buffer.from(n)])));
}

/** A ProfileTypesResponse with one ProfileType { ID = 1 }. */
function typesReply(ids) {
  return Buffer.concat(ids.map((id) => {
    const inner = Buffer.concat([Buffer.from([0x0a, id.length]), Buffer.from(id)]);
    return Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
  }));
}

/** Pyroscope's querier API, as a contract: decode, record, answer. */
function pyroscope(req, res, body) {
  const method = req.url.split('/').pop();
  const call = { method, contentType: req.headers['content-type'], tenant: req.headers['x-scope-orgid'], fields: decodeFields(body) };
  seen.push(call);
  res.writeHead(200, { 'Content-Type': 'application/proto' });
  if (method === 'SelectMergeProfile') res.end(profile);
  else if (method === 'ProfileTypes') res.end(typesReply(['process_cpu:cpu:nanoseconds:cpu:nanoseconds', 'memory:alloc_space:bytes:space:bytes']));
  else if (method === 'LabelNames') res.end(namesReply(['service_name', 'pod']));
  else res.end(namesReply(['web-1', 'web-2']));
}

let app, browser, other;
before(async () => {
  app = await serveDist({}, { '/pyro/querier.v1.QuerierService/': pyroscope });
  browser = await launch();
  // Another origin, serving a profile without CORS headers.
  other = createServer((req, res) => res.writeHead(200).end(profile));
  await new Promise((ok) => other.listen(0, '127.0.0.1', ok));
});
after(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((ok) => other.close(ok));
});

test('a Grafana deep link queries Pyroscope with the selector, variables and times it names', async () => {
  seen.length = 0;
  const before = Date.now();
  const link = `#/?pyroscope=${encodeURIComponent('/pyro')}&query=${encodeURIComponent('{service_name="websvc"}')}`
    + '&var-pod=web-1&var-env=$__all&from=now-1h&to=now&tenant=team-a';
  const page = await openApp(browser, app.url + link);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  assert.equal(seen.length, 1);
  const [call] = seen;
  assert.equal(call.method, 'SelectMergeProfile');
  assert.equal(call.contentType, 'application/proto');
  assert.equal(call.tenant, 'team-a');
  assert.deepEqual(call.fields[1], ['process_cpu:cpu:nanoseconds:cpu:nanoseconds']);
  assert.deepEqual(call.fields[2], ['{service_name="websvc", pod="web-1"}']);
  const [start, end] = [Number(call.fields[3][0]), Number(call.fields[4][0])];
  assert.equal(end - start, 3600000);
  assert.ok(end >= before && end <= Date.now());
  assert.match(await page.locator('[data-testid="profile-item"] .file-name').innerText(), /pyroscope \{service_name="websvc", pod="web-1"\}/);
  assert.match(page.url(), /pyroscope=/, 'the link stays in the URL');
  await screenshot(page, 'sources-deep-link');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a deep link with base_from/base_to fills both groups with epoch-ms ranges and compares', async () => {
  seen.length = 0;
  const link = '#/?pyroscope=/pyro&query=%7B%7D&from=1763990000000&to=1763993600000'
    + '&base_from=1763900000000&base_to=1763903600000';
  const page = await openApp(browser, app.url + link);
  await page.locator('[data-testid="diff-row"]').first().waitFor({ timeout: 60000 });
  const ranges = seen.map((c) => [Number(c.fields[3][0]), Number(c.fields[4][0])]).sort((a, b) => a[0] - b[0]);
  assert.deepEqual(ranges, [[1763900000000, 1763903600000], [1763990000000, 1763993600000]]);
  assert.equal(await page.locator('[data-testid="group-baseline"] li').count(), 1);
  assert.equal(await page.locator('[data-testid="group-candidate"] li').count(), 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the Pyroscope form fills its pickers from ProfileTypes, LabelNames and LabelValues', async () => {
  seen.length = 0;
  const page = await openApp(browser, app.url);
  await page.click('[data-testid="sources"] summary');
  await page.fill('[data-testid="pyro-base"]', '/pyro');
  await page.locator('[data-testid="pyro-base"]').blur();
  await page.click('[data-testid="pyro-connect"]');
  await page.locator('[data-testid="pyro-label"]').waitFor();
  assert.deepEqual(await page.locator('[data-testid="pyro-type"] option').allInnerTexts(),
    ['process_cpu:cpu:nanoseconds:cpu:nanoseconds', 'memory:alloc_space:bytes:space:bytes']);
  await page.selectOption('[data-testid="pyro-label"]', 'pod');
  await page.locator('[data-testid="pyro-value"]').waitFor();
  await page.selectOption('[data-testid="pyro-value"]', 'web-2');
  assert.equal(await page.inputValue('[data-testid="pyro-selector"]'), '{pod="web-2"}');
  await page.click('[data-testid="pyro-query"]');
  await page.locator('[data-testid="top-row"]').first().waitFor();
  assert.deepEqual(seen.map((c) => c.method), ['ProfileTypes', 'LabelNames', 'LabelValues', 'SelectMergeProfile']);
  assert.deepEqual(seen[2].fields[1], ['pod']);
  assert.deepEqual(seen[3].fields[2], ['{pod="web-2"}']);
  await page.locator('[data-testid="sources"]').screenshot({ path: join(artifacts, 'sources-form.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a URL on another origin without CORS gets an error that names CORS and the cure', async () => {
  const page = await openApp(browser, app.url);
  const url = `http://127.0.0.1:${other.address().port}/profile.pb`;
  await page.click('[data-testid="sources"] summary');
  await page.fill('[data-testid="url-input"]', url);
  await page.locator('[data-testid="url-input"]').blur();
  await page.click('[data-testid="url-load"]');
  const error = await page.locator('[data-testid="file-error"]').innerText();
  assert.match(error, /CORS/);
  assert.match(error, /same origin/);
  page.errors = page.errors.filter((e) => !/CORS|Failed to load resource|net::ERR_FAILED/.test(e));
  assert.deepEqual(page.errors, []);
  await page.close();
});
