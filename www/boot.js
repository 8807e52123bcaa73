// Starts pgoscope: loads the page's wasm (Trunk's wasm-bindgen output, copied next to this file).
import init from './pgoscope-web.js';

await init({ module_or_path: new URL('./pgoscope-web_bg.wasm', import.meta.url) });
