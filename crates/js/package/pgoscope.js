// pgoscope's core as an ES module, for Node 20+ and browsers alike: the WebAssembly is loaded once,
// when the module is imported (top-level await), from the file beside this one.
import init, { initSync, summary, top, hot, defaultPgo, diff } from './pgoscope_wasm.js';

const wasm = new URL('./pgoscope_wasm_bg.wasm', import.meta.url);
if (typeof process !== 'undefined' && process.versions?.node) {
  // Node's fetch does not read file: URLs; read the bytes instead.
  const { readFile } = await import('node:fs/promises');
  initSync({ module: await readFile(wasm) });
} else {
  await init({ module_or_path: wasm });
}

export { summary, top, hot, defaultPgo, diff };
