// Every link form docs/deploy.md documents, opened literally as a Grafana data link or a CI job would
// open it: Grafana's `${…}` variables filled in as Grafana fills them, the documented example hosts
// replaced by this test's servers. Pyroscope is a stand-in written from its published Connect API
// (`querier.v1.QuerierService/SelectMergeProfile`, protobuf request, pprof reply) that answers a real
// Go CPU profile. Each link must end in a view with top rows, never in an error or an empty page.
// Also: a sample type the files lack falls back to the default with a one-line notice, and a 404
// names its status and URL without the error page's HTML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serveDist, launch, openApp, screenshot, fixtures, repo, decodeFields } from './helpers.mjs';

const cpuProfile = gunzipSync(readFileSync(join(fixtures, 'go/websvc-collected.pprof')));
const ciFiles = {
  'before.pb.gz': readFileSync(join(fixtures, 'go/websvc-before-1.pprof')),
  'after.pb.gz': readFileSync(join(fixtures, 'go/websvc-after-1.pprof')),
};
const DOC_HOST = 'https://tools.example.com/pgoscope/';
const CI_HOST = 'https://ci.example.com/42/';

/** The documented links: the `text` block of docs/deploy.md's "Links from Grafana". */
function documentedLinks() {
  const doc = readFileSync(join(repo, 'docs/deploy.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Links from Grafana'));
  const block = section.slice(section.indexOf('```text') + 7, section.indexOf('```', section.indexOf('```text') + 7));
  const links = block.split('\n').map((l) => l.trim()).filter((l) => l.startsWith(DOC_HOST));
  assert.ok(links.length >= 6, `expected the documented links, found ${links.length}`);
  return links;
}

const calls = [];
/** Pyroscope's querier, as its published API describes it (Connect unary call, application/proto). */
function pyroscope(req, res, body) {
  const method = req.url.split('/').pop();
  if (req.method !== 'POST' || method !== 'SelectMergeProfile') {
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"code":"unimplemented"}');
    return;
  }
  const f = decodeFields(body);
  calls.push({ tenant: req.headers['x-scope-orgid'], type: f[1]?.[0], selector: f[2]?.[0], start: Number(f[3]?.[0]), end: Number(f[4]?.[0]) });
  res.writeHead(200, { 'Content-Type': 'application/proto' }).end(cpuProfile);
}

/** A CI job's published profiles; anything else is the web server's HTML 404 page. */
function ci(req, res) {
  const name = req.url.split('/').pop();
  if (ciFiles[name]) {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(ciFiles[name]);
  } else {
    res.writeHead(404, { 'Content-Type': 'text/html' })
      .end('<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n');
  }
}

let app, browser;
before(async () => {
  app = await serveDist({}, { '/pyroscope/querier.v1.QuerierService/': pyroscope, '/ci/42/': ci });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

/** The link as a browser receives it from Grafana, pointed at this test's servers. */
function filled(link, now) {
  return link
    .replace(DOC_HOST, app.url)
    .replaceAll(CI_HOST, `${app.url}ci/42/`)
    .replaceAll('${service}', 'hiddenapp')
    .replaceAll('${pod}', 'hiddenapp-7f9c')
    .replaceAll('${__from}', String(now - 3600000))
    .replaceAll('${__to}', String(now));
}

/**
 * Fails with what the page shows when a view does not come. A link that asks for a comparison
 * opens on the Compare tab; the others on the flame graph and top table.
 */
async function expectView(page, link) {
  const comparing = link.includes('base_from=') || link.includes('base_url=');
  try {
    if (comparing) await page.locator('[data-testid="view-tab-compare"].active').waitFor({ timeout: 60000 });
    await page.locator(comparing ? '[data-testid="diff-row"]' : '[data-testid="top-row"]').first().waitFor({ timeout: 60000 });
  } catch (e) {
    const text = await page.locator('main').innerText();
    throw new Error(`no view for ${link}; the page shows:\n${text.slice(0, 2000)}`);
  }
  assert.equal(await page.locator('.view-error').count(), 0, `a view error for ${link}`);
  assert.equal(await page.locator('[data-testid="file-error"]').count(), 0, `a file error for ${link}`);
}

for (const [n, link] of documentedLinks().entries()) {
  test(`documented link ${n + 1} shows a view: ${link.slice(DOC_HOST.length)}`, async () => {
    calls.length = 0;
    const now = Date.now();
    const page = await openApp(browser, filled(link, now));
    await expectView(page, link);
    const hash = link.slice(link.indexOf('#'));
    if (hash.includes('pyroscope=')) {
      const comparing = hash.includes('base_from=');
      assert.equal(calls.length, comparing ? 2 : 1, 'one SelectMergeProfile per range');
      const type = /[?&]type=([^&]+)/.exec(hash)?.[1] ?? 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
      for (const call of calls) {
        assert.equal(call.type, type);
        assert.match(call.selector, /^\{service_name="hiddenapp"/);
        assert.ok(call.end > call.start, `a time range: ${JSON.stringify(call)}`);
      }
      if (hash.includes('var-pod=')) assert.equal(calls[0].selector, '{service_name="hiddenapp", pod="hiddenapp-7f9c"}');
      if (hash.includes('tenant=')) assert.equal(calls[0].tenant, 'team-a');
      if (hash.includes('&to=now') || hash.includes('${__to}')) {
        const recent = calls.map((c) => c.end).sort().at(-1);
        assert.ok(recent >= now - 1000 && recent <= Date.now() + 1000, 'the newest range ends now');
      }
    }
    if (hash.includes('base_from=') || hash.includes('base_url=')) {
      await page.locator('[data-testid="diff-row"]').first().waitFor({ timeout: 60000 });
      assert.equal(await page.locator('[data-testid="group-baseline"] li').count(), 1);
      assert.equal(await page.locator('[data-testid="group-candidate"] li').count(), 1);
    }
    if (hash.includes('sample=')) {
      const sample = decodeURIComponent(/[#&]sample=([^&]+)/.exec(hash)[1]);
      const picker = page.locator('[data-testid="sample-type"]');
      assert.equal(await picker.locator('option:checked').innerText(), sample);
      assert.equal(await page.locator('[data-testid="view-notice"]').count(), 0);
    }
    assert.match(page.url(), /#/, 'the link stays in the address bar');
    await screenshot(page, `deep-link-${n + 1}`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('a view link with a sample type the files lack shows the default type and says so', async () => {
  const page = await openApp(browser, `${app.url}#url=${app.url}ci/42/after.pb.gz&sample=alloc_space/bytes`);
  await expectView(page, 'sample=alloc_space/bytes');
  const notice = page.locator('[data-testid="view-notice"]');
  await notice.waitFor();
  assert.match(await notice.innerText(), /no sample type "alloc_space\/bytes"; showing cpu\/nanoseconds/);
  assert.equal(await page.locator('[data-testid="sample-type"] option:checked').innerText(), 'cpu/nanoseconds');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an old view link keeps its type=<sample type> next to a Pyroscope query', async () => {
  calls.length = 0;
  const link = `${app.url}#/?pyroscope=/pyroscope&query={service_name="hiddenapp"}&type=samples%2Fcount`;
  const page = await openApp(browser, link);
  await expectView(page, link);
  assert.equal(calls[0].type, 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', 'the query keeps its default type');
  assert.equal(await page.locator('[data-testid="sample-type"] option:checked').innerText(), 'samples/count');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a 404 names its status and URL, not the HTML of the error page', async () => {
  const missing = `${app.url}ci/42/missing.pb.gz`;
  const page = await openApp(browser, `${app.url}#url=${missing}`);
  const error = page.locator('[data-testid="file-error"]');
  await error.waitFor();
  const text = await error.innerText();
  assert.match(text, /HTTP 404/);
  assert.ok(text.includes(missing), text);
  assert.doesNotMatch(text, /<|DOCTYPE|Not Found<\/h1>/);
  page.errors = page.errors.filter((e) => !/404|Failed to load resource/.test(e));
  assert.deepEqual(page.errors, []);
  await page.close();
});
