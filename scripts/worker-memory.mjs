// The worker's peak wasm memory for a drop, once the PGO analysis is done (the view's statistics
// line, `data-worker-memory`, shows the larger of the view's and the PGO analysis' readings), for
// the current build and optionally others, a fresh page each time.
// Usage: node scripts/worker-memory.mjs [--dist DIR]... FILE...
import { serveDir, launch, dist } from '../tests/e2e/helpers.mjs';

const args = process.argv.slice(2);
const dists = [dist];
for (let i = args.indexOf('--dist'); i >= 0; i = args.indexOf('--dist')) dists.push(args.splice(i, 2)[1]);
const files = args;
const browser = await launch();
for (const root of dists) {
  const server = await serveDir(root);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  await page.setInputFiles('[data-testid="file-input"]', files);
  // The PGO analysis is done when the loop's default.pgo step has its size.
  await page.waitForFunction(() => /KB|MB/.test(document.querySelector('.pgo-loop')?.textContent ?? ''), null, { timeout: 300000 });
  await page.waitForTimeout(500);
  const bytes = await page.evaluate(() => Number(document.querySelector('[data-worker-memory]').dataset.workerMemory));
  console.log(`${root}: worker memory ${(bytes / 2 ** 20).toFixed(1)} MiB after the PGO analysis`);
  await page.close();
  await server.close?.();
}
await browser.close();
