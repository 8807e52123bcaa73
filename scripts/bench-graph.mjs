// The call graph of a big profile in the browser worker: how long the worker takes to build the
// whole graph, prune it and lay it out (layout alone too), RUNS times, each in a fresh page.
//   node scripts/bench-graph.mjs FILE [RUNS]     (after `trunk build --release`)
import { basename } from 'node:path';
import { serveDist, launch, dropFiles } from '../tests/e2e/helpers.mjs';
const [file, runs = 5] = process.argv.slice(2);
const server = await serveDist();
const browser = await launch();
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await dropFiles(page, [{ name: basename(file), path: file }]);
  await page.locator('[data-testid="top-row"]').first().waitFor({ timeout: 120000 });
  // The PGO analysis (it marks the hot edges) is done when the loop's default.pgo step is.
  await page.waitForFunction(() => document.querySelectorAll('.loop-step.done').length >= 2, null, { timeout: 120000 });
  await page.click('[data-testid="view-tab-graph"]');
  const canvas = page.locator('[data-testid="graph-canvas"]');
  await canvas.waitFor({ timeout: 120000 });
  times.push([Number(await canvas.getAttribute('data-build-ms')), Number(await canvas.getAttribute('data-layout-ms')), Number(await canvas.getAttribute('data-nodes'))]);
  await page.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ file: basename(file), runs: times.length, build_ms: times.map((t) => t[0]), layout_ms: times.map((t) => t[1]), nodes: times[0][2], median_build_ms: median(times.map((t) => t[0])), median_layout_ms: median(times.map((t) => t[1])) }));
await browser.close();
await server.close();
