// Loads the pgoscope worker (wasm-bindgen "no-modules" output copied by Trunk next to this file).
importScripts('./pgoscope-worker.js');
wasm_bindgen({ module_or_path: './pgoscope-worker_bg.wasm' });
