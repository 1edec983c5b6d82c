// End-to-end test of the browser build in real headless Chromium (Debian's, driven by
// playwright-core; no browser is downloaded). It serves web/dist on loopback and, as a player
// would: opens the page, clicks from the title to the tutorial's briefing and into the shift (a
// scripted player given in the URL then plays the shift and postmortem), downloads the Markdown
// report, and checks that the result is in localStorage, survives a reload, and equals what the
// native engine computes for the same scenario, seed and script (and the same again for the
// major-incident scenario, reached by keyboard). It also loads a broken and a good scenario file
// through the page's file picker, runs and pauses the real-time clock, recovers from corrupt saved
// data, reloads offline, and fails on any console error.
//
//   node web/e2e.mjs --native PATH/TO/pagerdrill [--dist web/dist] [--shots DIR]

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, option, screenIs as screenOf, serve, watch } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);

const dist = path.resolve(option('--dist', path.join(here, 'dist')));
const native = option('--native');
const shots = path.resolve(option('--shots', path.join(here, 'e2e-shots')));
const browserPath = option('--chromium', '/usr/bin/chromium');
if (!native) {
  console.error('usage: node web/e2e.mjs --native PATH/TO/pagerdrill [--dist DIR] [--shots DIR]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

// The tutorial, played well, as the CLI's playthrough test plays it.
const SCENARIO = 'first-page';
const SCRIPT_FILE = path.join(root, 'tests/playthroughs/first-page-good.ron');
const SEED = 1; // the seed the select screen's first run uses
// Press-the-button positions at a 1600×900 viewport, read off the screenshots this test saves.
const VIEW = { width: 1600, height: 900 };

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures += 1;
}

const { server, base } = await serve(dist);
const browser = await launch(browserPath);
const context = await browser.newContext({ viewport: VIEW, acceptDownloads: true });
const page = await context.newPage();
const problems = [];
watch(page, problems);

const screenIs = (name, timeout = 60_000) => screenOf(page, name, timeout);
const status = () => page.locator('#game-status').textContent();
const waitStatus = (text, timeout = 30_000) =>
  page.waitForFunction(
    (t) => (document.getElementById('game-status')?.textContent || '').includes(t),
    text,
    { timeout },
  );
async function shot(name) {
  // Two frames so the canvas shows the state just reached.
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(shots, name) });
}
// Animation frames the page gets per second, over two seconds.
const framesPerSecond = () => page.evaluate(() => new Promise((done) => {
  let frames = 0;
  const t0 = performance.now();
  const count = () => {
    if (performance.now() - t0 >= 2000) {
      done(frames / 2);
      return;
    }
    frames += 1;
    requestAnimationFrame(count);
  };
  requestAnimationFrame(count);
}));
const storage = (key) => page.evaluate((k) => localStorage.getItem(k), key);

try {
  // ---- 1. First visit: loads, shows the title, and is ready to play
  const script = fs.readFileSync(SCRIPT_FILE, 'utf8');
  const playUrl = `${base}?script=${encodeURIComponent(script)}`;
  const t0 = Date.now();
  await page.goto(playUrl);
  await screenIs('title', 180_000);
  const loadMs = Date.now() - t0;
  console.log(`first interactive frame ${loadMs} ms after navigation`);
  await shot('1-title.png');
  console.log(`title screen: ${await framesPerSecond()} animation frames per second`);
  check(await page.locator('#overlay').isHidden(), 'the loading overlay is gone once the title shows');

  // ---- 2. Title → select → briefing → shift, by mouse and keyboard
  await page.mouse.click(VIEW.width / 2, 315); // "Play", under the title
  await screenIs('select', 10_000);
  check(true, 'clicking Play opens the scenario list');
  // A broken scenario file: the same positioned message as `pagerdrill validate`.
  const badName = 'unknown-owner-team.ron';
  const expected = fs.readFileSync(path.join(root, 'tests/bad/EXPECTED.txt'), 'utf8')
    .split('\n').find((l) => l.startsWith(badName + ' '));
  const [, pos, message] = expected.match(/^\S+\s+(\d+:\d+): error: (.*)$/);
  let chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('o');
  await (await chooser).setFiles(path.join(root, 'tests/bad', badName));
  await waitStatus(`${badName}:${pos}: error:`);
  check((await status()).includes(message.trim()),
    `a broken scenario file is reported as ${badName}:${pos}: error: ${message.trim()}`);
  await shot('2-select-bad-file.png');

  // A good scenario file from the generator appears in the list.
  const own = path.join(os.tmpdir(), `pagerdrill-e2e-${process.pid}.ron`);
  execFileSync(native, ['generate', '--seed', '11', '--services', '24', '-o', own]);
  chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('o');
  await (await chooser).setFiles(own);
  await waitStatus('Loaded "');
  check(!(await status()).includes('error:'), 'a good scenario file loads and its errors are gone');
  await shot('3-select-own-file.png');

  // Back to the tutorial (first in the list, clicked) and into its briefing.
  await page.mouse.click(68, 100); // the "Your first page" row
  await page.keyboard.press('Enter');
  await screenIs('briefing', 10_000);
  check((await status()).includes('Scenario: Your first page.'), 'the tutorial\'s briefing opens');
  await shot('4-briefing.png');
  await page.keyboard.press('Enter');
  await screenIs('shift', 10_000);
  check(true, 'Enter on the briefing starts the shift');
  await page.waitForTimeout(1500);
  await shot('5-shift.png');

  // ---- 3. The scripted player plays the shift and the postmortem
  await screenIs('postmortem', 240_000);
  await shot('6-postmortem.png');
  await screenIs('debrief', 60_000);
  await shot('7-debrief.png');
  check(true, 'the tutorial reaches the debrief');
  // The pager tone played during the shift, after the player's first clicks and keys.
  const audio = await page.evaluate(() =>
    (window.pagerdrillAudioContexts || []).map((c) => c.state));
  console.log(`audio contexts at the debrief: ${JSON.stringify(audio)}`);
  check(audio.length > 0 && audio.every((s) => s === 'running'),
    'sound is running after the first gesture');

  // ---- 4. The Markdown report downloads
  const download = page.waitForEvent('download');
  await page.keyboard.press('x');
  const file = await download;
  const md = fs.readFileSync(await file.path(), 'utf8');
  const nativeMd = path.join(os.tmpdir(), `pagerdrill-e2e-${process.pid}.md`);
  execFileSync(native, ['run', SCENARIO, '--actions', SCRIPT_FILE, '--seed', String(SEED),
    '--report', nativeMd]);
  check(file.suggestedFilename() === `${SCENARIO}-seed${SEED}-run1.md`
      && md === fs.readFileSync(nativeMd, 'utf8'),
    `the downloaded report (${file.suggestedFilename()}, ${md.length} bytes) is the native one`);

  // ---- 5. The result is in localStorage and equals the native engine's
  const saved = JSON.parse(await storage('pagerdrill/results.json'));
  check(saved.length === 1 && saved[0].scenario === SCENARIO && saved[0].seed === SEED,
    'localStorage holds the finished run');
  const nativeRun = JSON.parse(execFileSync(native, [
    'run', SCENARIO, '--actions', SCRIPT_FILE, '--seed', String(SEED), '--json',
  ], { encoding: 'utf8' }));
  delete nativeRun.final_state;
  const canonical = (v) => JSON.stringify(v);
  const hash = (v) => createHash('sha256').update(canonical(v)).digest('hex');
  const webHash = hash(saved[0].report);
  const nativeHash = hash(nativeRun);
  console.log(`report sha256: browser ${webHash}, native ${nativeHash}`);
  check(webHash === nativeHash, 'the browser and the native engine produce the same report');

  // ---- 6. Reload: the result is still there
  await page.goto(base);
  await screenIs('title', 120_000);
  await waitStatus('1 shift played so far.');
  check(true, 'after a reload the title counts the shift played');
  await page.keyboard.press('Enter');
  await screenIs('select');
  await shot('8-select-after-reload.png');

  // ---- 6b. Without a script the clock is the browser's: it runs, and Space pauses it
  await page.mouse.click(68, 100); // the "Your first page" row
  await page.keyboard.press('Enter');
  await screenIs('briefing');
  await page.keyboard.press('Enter');
  await screenIs('shift');
  const clock = async () => Number(await page.evaluate(() => document.body.dataset.gameSeconds));
  const c0 = await clock();
  await page.waitForTimeout(2500);
  const c1 = await clock();
  check(c1 > c0, `the shift clock runs in real time (${c0} → ${c1} game seconds in 2.5 s)`);
  const fps = await framesPerSecond();
  console.log(`shift screen: ${fps} animation frames per second in headless software rendering`);
  await page.keyboard.press('Space');
  // The key takes effect on the game's next frame; then the clock must stand still.
  await page.waitForFunction(async () => {
    const read = () => document.body.dataset.gameSeconds;
    const before = read();
    await new Promise((r) => setTimeout(r, 1000));
    return read() === before;
  }, null, { timeout: 10_000, polling: 100 });
  const p0 = await clock();
  await page.waitForTimeout(2000);
  const p1 = await clock();
  check(p1 === p0, `Space pauses the practice shift (${p0} → ${p1} game seconds in 2 s)`);
  await page.keyboard.press('Space');
  await page.waitForTimeout(2000);
  check(await clock() > p1, 'Space again resumes it');

  // ---- 6c. The hardest scenario, by keyboard only, also matches the native engine
  const bigScript = path.join(root, 'tests/playthroughs/major-incident-good.ron');
  await page.goto(`${base}?script=${encodeURIComponent(fs.readFileSync(bigScript, 'utf8'))}`);
  await screenIs('title', 120_000);
  await page.keyboard.press('Enter');
  await screenIs('select');
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await screenIs('briefing');
  check((await status()).includes('Scenario: Everyone is paged.'), 'eleven presses of ↓ reach the major incident');
  await page.keyboard.press('Enter');
  await screenIs('debrief', 300_000);
  const all = JSON.parse(await storage('pagerdrill/results.json'));
  const big = all[all.length - 1];
  const bigNative = JSON.parse(execFileSync(native, [
    'run', 'major-incident', '--actions', bigScript, '--seed', String(SEED), '--json',
  ], { encoding: 'utf8' }));
  delete bigNative.final_state;
  console.log(`major-incident report sha256: browser ${hash(big.report)}, native ${hash(bigNative)}`);
  check(all.length === 2 && big.scenario === 'major-incident' && hash(big.report) === hash(bigNative),
    'the major incident played in the browser gives the native report too');

  // ---- 7. Corrupt saved data: moved aside, the game still starts
  await page.evaluate(() => {
    localStorage.setItem('pagerdrill/results.json', '{ this is not json');
    localStorage.setItem('pagerdrill/settings.ron', '\u0000garbage');
  });
  await page.reload();
  await screenIs('title', 120_000);
  await waitStatus('could not be read');
  check(await storage('pagerdrill/results.json.corrupt-1') === '{ this is not json',
    'a corrupt results entry is kept aside, not deleted');
  check(await storage('pagerdrill/settings.ron.corrupt-1') !== null,
    'a corrupt settings entry is kept aside');
  await shot('9-title-after-corrupt-storage.png');

  // ---- 8. Offline: the service worker serves the game without the network
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await screenIs('title', 120_000);
  check(true, 'the game loads again with the network off');
  await context.setOffline(false);
} catch (e) {
  failures += 1;
  console.log(`FAIL ${e.stack || e}`);
  await page.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => {});
  console.log(`page status: ${await status().catch(() => '?')}`);
} finally {
  for (const p of problems) console.log(`FAIL ${p}`);
  failures += problems.length;
  if (!problems.length) check(true, 'no console errors or page errors');
  await browser.close();
  server.close();
}
console.log(`screenshots in ${shots}`);
if (failures) {
  console.log(`e2e: ${failures} failure(s)`);
  process.exit(1);
}
console.log('e2e: all checks passed');
