// Screenshots of every view tab at 1440×900 and 1024×768 with three Go profiles loaded, for
// people to look at: `node scripts/screenshots.mjs [out-dir]` after `trunk build --release`.
import { join } from 'node:path';
import { serveDist, launch, dropFiles, fixtures } from '../tests/e2e/helpers.mjs';
const out = process.argv[2] ?? '/tmp/shots';
const server = await serveDist();
const browser = await launch();
for (const [w, h] of [[1440, 900], [1024, 768]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  page.on('pageerror', (e) => console.log('pageerror', String(e)));
  await page.goto(server.url);
  await page.screenshot({ path: join(out, `${w}-start.png`) });
  await dropFiles(page, [1, 2, 3].map((n) => ({ name: `websvc-before-${n}.pprof`, path: join(fixtures, `go/websvc-before-${n}.pprof`) })));
  await page.locator('[data-testid="top-row"]').first().waitFor();
  await page.waitForTimeout(800);
  for (const tab of ['flame', 'top', 'both', 'sandwich', 'pgo', 'compare']) {
    await page.click(`[data-testid="view-tab-${tab}"]`);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(out, `${w}-${tab}.png`) });
  }
  await page.close();
}
await browser.close();
await server.close();
