// Loads the pgoscope worker (wasm-bindgen "no-modules" output copied by Trunk next to this file).
importScripts('./pgoscope-worker.js');
wasm_bindgen({ module_or_path: './pgoscope-worker_bg.wasm' });

// A panic or running out of memory kills the worker's wasm instance: tell the page, which keeps
// its file list and offers to restart the worker.
const crashes = new BroadcastChannel('pgoscope-worker');
self.addEventListener('error', (e) => crashes.postMessage(String(e.message || e.error || 'error')));
self.addEventListener('unhandledrejection', (e) => crashes.postMessage(String(e.reason)));
