// The JS module (target/js, built by `make js`) loads in a browser as it does in Node: an ES module
// import, the WebAssembly fetched beside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appUnderTest, openApp, fixtures, repo } from './helpers.mjs';

const app = appUnderTest(before, after);

test('the JS module runs in the browser and gives the CLI\'s top table', async () => {
  const page = await openApp(app.browser, app.url);
  const types = { js: 'text/javascript', wasm: 'application/wasm' };
  await page.route(`${app.url}pgoscope-js/**`, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    route.fulfill({ body: readFileSync(join(repo, 'target/js', name)), contentType: types[name.split('.').pop()] });
  });
  const profile = join(fixtures, 'go/shapes-cpu.pprof');
  const expected = JSON.parse(execFileSync(join(repo, 'target/debug/pgoscope'), ['top', '--json', '-n', '5', profile]).toString());
  const got = await page.evaluate(async ([url, data]) => {
    const pgoscope = await import(url);
    return pgoscope.top(new Uint8Array(data), { count: 5 });
  }, [`${app.url}pgoscope-js/pgoscope.js`, Array.from(readFileSync(profile))]);
  assert.deepEqual(got, expected);
  assert.deepEqual(page.errors, []);
  await page.close();
});
