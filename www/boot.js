// Starts pgoscope: loads the page's wasm (Trunk's wasm-bindgen output, copied next to this file)
// and exposes its exports on window.wasmBindings for timing harnesses (scripts/bench-wasm.mjs).
import init, * as bindings from './pgoscope-web.js';

await init({ module_or_path: new URL('./pgoscope-web_bg.wasm', import.meta.url) });
window.wasmBindings = bindings;
