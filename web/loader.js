// Starts PagerDrill in the page: checks for WebGL2, downloads the WebAssembly with a progress bar,
// lets sound start after the first key or click (browsers keep audio suspended until then), and
// shows a readable message instead of a blank page when something goes wrong.
const overlay = document.getElementById('overlay');
const loading = document.getElementById('loading');
const bar = document.getElementById('progress');
const barText = document.getElementById('progress-text');
const problem = document.getElementById('problem');

// winit leaves its start-up function by throwing this on purpose; it is not an error.
const CONTROL_FLOW = 'Using exceptions for control flow';
const isControlFlow = (e) => String(e && (e.message || e)).includes(CONTROL_FLOW);

function fail(message) {
  loading.hidden = true;
  problem.hidden = false;
  problem.textContent = message;
  overlay.hidden = false;
}

window.addEventListener('error', (ev) => {
  if (isControlFlow(ev.error || ev.message)) {
    ev.preventDefault();
    return;
  }
  if (document.body.dataset.screen) {
    fail('PagerDrill stopped unexpectedly: ' + ev.message +
      '\nYour results and settings are kept in this browser. Reload the page to play on.');
  }
});
window.addEventListener('unhandledrejection', (ev) => {
  if (isControlFlow(ev.reason)) ev.preventDefault();
});

// Browsers create audio contexts suspended until the person interacts with the page: remember every
// context the game makes and resume them all on the first gesture.
const contexts = [];
for (const name of ['AudioContext', 'webkitAudioContext']) {
  const Original = window[name];
  if (!Original) continue;
  window[name] = new Proxy(Original, {
    construct(target, args) {
      const ctx = new target(...args);
      contexts.push(ctx);
      return ctx;
    },
  });
}
window.pagerdrillAudioContexts = contexts;
const resumeAudio = () => {
  for (const ctx of contexts) {
    if (ctx.state !== 'running') ctx.resume().catch(() => {});
  }
};
for (const ev of ['pointerdown', 'keydown', 'touchend']) {
  window.addEventListener(ev, resumeAudio, { capture: true });
}

function hasWebGl2() {
  try {
    return !!document.createElement('canvas').getContext('webgl2');
  } catch {
    return false;
  }
}

// Downloads the module, reporting progress; falls back to an indeterminate bar when the server
// gives no length (or a compressed one, which the decoded byte count would overrun).
async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('Content-Length')) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    const mb = (received / 1e6).toFixed(1);
    if (total && received <= total) {
      bar.value = received / total;
      barText.textContent = `Downloading the game… ${mb} of ${(total / 1e6).toFixed(1)} MB`;
    } else {
      bar.removeAttribute('value');
      barText.textContent = `Downloading the game… ${mb} MB`;
    }
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

// Hide the overlay once the game has drawn its first screen.
new MutationObserver(() => {
  if (document.body.dataset.screen && problem.hidden) {
    overlay.hidden = true;
    document.getElementById('pagerdrill').focus();
  }
}).observe(document.body, { attributes: true, attributeFilter: ['data-screen'] });

async function start() {
  if (!hasWebGl2()) {
    fail('PagerDrill needs WebGL2, which this browser has turned off or does not support. ' +
      'Try a current Firefox, Chrome, Edge or Safari, and check that hardware acceleration is on.');
    return;
  }
  if ('serviceWorker' in navigator && window.isSecureContext) {
    // Keeps the game playable offline once loaded; failure only means no offline copy.
    navigator.serviceWorker.register('./sw.js').catch(() => {});
  }
  let bytes;
  try {
    bytes = await download('./pagerdrill_bg.wasm');
  } catch (e) {
    fail('The game could not be downloaded: ' + e.message + '\nCheck the connection and reload.');
    return;
  }
  barText.textContent = 'Starting…';
  try {
    // Imported only now: the bindings capture the AudioContext constructor when they load, and it
    // must be the wrapped one above.
    const { default: init } = await import('./pagerdrill.js');
    await init({ module_or_path: bytes });
  } catch (e) {
    if (!isControlFlow(e)) {
      console.error(e);
      fail('The game could not start: ' + (e.message || e));
    }
  }
}

start();
