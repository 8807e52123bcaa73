// Function and file names come from whoever wrote the profile. Markup in a name and very long names
// must render as inert text in every view; the page runs under a Content-Security-Policy without
// inline scripts or eval.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { showTab, appUnderTest, openApp, dropFiles, screenshot, syntheticCpuProfile } from './helpers.mjs';

const app = appUnderTest(before, after);
const XSS = '<img src=x onerror=alert(1)>';
const LONG = `main.${'x'.repeat(10000)}`;

/** A CPU profile whose functions and files carry markup and a 10,000-character name. */
function hostileProfile() {
  const names = ['main.main', XSS, LONG, '"><script>alert(2)</script>', 'main.leaf'];
  const functions = names.map((name) => ({ name, file: `${XSS}.go`, line: 1 }));
  return syntheticCpuProfile(functions, [{ stack: [0, 1, 2, 3, 4], count: 5 }, { stack: [0, 1, 2, 3], count: 3 }]);
}

test('markup and 10,000-character names stay text in every view, under a strict CSP', async () => {
  const page = await openApp(app.browser, app.url);
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const bytes = hostileProfile();
  await dropFiles(page, [{ name: `${XSS}.pb`, bytes }]);
  await page.locator('[data-testid="top-row"]').first().waitFor();
  // Every view that shows names: top table and its sandwich, flame graph tooltip and search, PGO
  // panel, comparison (the same file on both sides), file card.
  await showTab(page, 'top');
  await page.locator('[data-testid="top-row"]', { hasText: XSS }).click();
  await page.locator('[data-testid="sandwich"]').waitFor();
  await showTab(page, 'flame');
  const box = await page.locator('[data-testid="flamegraph"]').boundingBox();
  await page.mouse.move(box.x + 20, box.y + 18 * 2 + 9);
  assert.match(await page.locator('[data-testid="flame-tooltip"]').innerText(), /<img src=x onerror=alert\(1\)>/);
  await page.fill('[data-testid="search-input"]', '<img');
  await page.locator('[data-testid="search-share"]').waitFor();
  await showTab(page, 'pgo');
  await page.locator('[data-testid="pgo-panel"]').waitFor();
  await page.locator('[data-testid="group-select"]').selectOption('candidate');
  await showTab(page, 'compare');
  await page.setInputFiles('[data-testid="group-baseline-input"]', { name: 'again.pb', mimeType: 'application/octet-stream', buffer: bytes });
  await page.locator('[data-testid="diff-row"]').first().waitFor();
  await screenshot(page, 'hostile-names');
  const text = await page.locator('body').innerText();
  assert.ok(text.includes(XSS), 'the name is shown as text');
  const injected = await page.evaluate(() => ({
    images: document.querySelectorAll('img').length,
    scripts: [...document.querySelectorAll('script')].map((el) => el.getAttribute('src')),
  }));
  assert.deepEqual(injected, { images: 0, scripts: ['boot.js'] });
  assert.deepEqual(dialogs, []);
  // The layout survives the long name (no horizontal blow-up of the page).
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 1280 + 20, `page width ${width}`);
  // CSP: an inline script added to the page does not run.
  const inlineRan = await page.evaluate(() => {
    window.inlineRan = false;
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    return window.inlineRan;
  });
  assert.equal(inlineRan, false, 'inline scripts are blocked by the Content-Security-Policy');
  page.errors = page.errors.filter((e) => !/Content Security Policy|unsafe-eval/.test(e));
  assert.deepEqual(page.errors, []);
  await page.close();
});
