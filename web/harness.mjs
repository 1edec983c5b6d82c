// What the browser tests share: a static file server for web/dist on loopback, Debian's headless
// Chromium through playwright-core, and a page's problems (console errors, page errors) collected.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

/// A command-line option's value (`--name VALUE`), or the fallback.
export function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

// The MIME types browsers insist on.
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/// Serves `dist` on a free loopback port; resolves to { server, base }.
export async function serve(dist) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.join(dist, decodeURIComponent(url.pathname));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
      });
      res.end(body);
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/// Headless Chromium with software WebGL.
export function launch(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=user-gesture-required',
    ],
  });
}

/// Collects a page's console errors and page errors into `problems`, each labelled.
export function watch(page, problems, label = '') {
  const who = label ? `${label}: ` : '';
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${who}console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => {
    if (!String(err.message).includes('Using exceptions for control flow')) {
      problems.push(`${who}page error: ${err.message}`);
    }
  });
}

/// Waits until the game publishes this screen on the page.
export function screenIs(page, name, timeout = 60_000) {
  return page.waitForSelector(`body[data-screen="${name}"]`, { timeout, state: 'attached' });
}
