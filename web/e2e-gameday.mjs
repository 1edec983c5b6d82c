// End-to-end test of a game day over the network with browser players, on loopback. The native
// `pagerdrill host` is the facilitator, headless: it runs the signaling server and the authority
// and plays the facilitator's part of the checkout game day's team script. Two players join in
// headless Chromium: one from the page's address (?join=…&seat=…&script=…), the other as a person
// would, pressing N on the title and typing the room's address on the room screen. Three native
// `pagerdrill join` players take the other seats. Every game plays its own seat's part of the
// script; at the end every peer's team report (the browsers' from localStorage, the natives'
// from their files) must be the one `pagerdrill run` gives for the facilitator's ordered log.
//
//   node web/e2e-gameday.mjs --native PATH/TO/pagerdrill [--dist web/dist] [--shots DIR]

import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { launch, option, screenIs, serve, watch } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);

const dist = path.resolve(option('--dist', path.join(here, 'dist')));
const native = option('--native');
const shots = path.resolve(option('--shots', path.join(here, 'e2e-shots')));
const browserPath = option('--chromium', '/usr/bin/chromium');
if (!native) {
  console.error('usage: node web/e2e-gameday.mjs --native PATH/TO/pagerdrill [--dist DIR] [--shots DIR]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

const SCENARIO = 'gameday-checkout';
const SCRIPT_FILE = path.join(root, 'tests/playthroughs/gameday-checkout-team-good.ron');
const SEED = '1';
// Sana and Amara play in browsers; the others natively.
const BROWSER_SEATS = ['sana', 'amara'];
const NATIVE_SEATS = ['ines', 'kwame', 'tomas'];
const VIEW = { width: 1600, height: 900 };

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures += 1;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pagerdrill-gameday-'));
const team = fs.readFileSync(SCRIPT_FILE, 'utf8');

// A child process whose exit is awaited later; its output is kept for the failure report.
function run(args, label) {
  const child = spawn(native, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = [];
  child.stderr.on('data', (d) => out.push(String(d)));
  const done = new Promise((ok) => child.on('exit', (code) => ok(code)));
  return { child, out, done, label };
}

// ---- the facilitator, headless: its first line is the room's address
const host = run(['host', SCENARIO, '--seed', SEED, '--listen', '127.0.0.1:0',
  '--actions', SCRIPT_FILE, '--log', path.join(work, 'log.ron'),
  '--report', path.join(work, 'host.json')], 'host');
const address = await new Promise((ok, fail) => {
  const lines = readline.createInterface({ input: host.child.stdout });
  lines.on('line', (l) => {
    if (l.startsWith('room ')) ok(l.slice(5).trim());
  });
  host.done.then((code) => fail(new Error(`the host ended (${code}) before opening a room`)));
});
console.log(`room ${address}`);
const code = address.slice(address.lastIndexOf('/') + 1);

const { server, base } = await serve(dist);
const browser = await launch(browserPath);
const problems = [];
const pages = [];
const natives = [];
try {
  // ---- browser player 1: the page's address joins the room and takes Sana's seat
  const ctxA = await browser.newContext({ viewport: VIEW });
  const a = await ctxA.newPage();
  watch(a, problems, 'Sana\'s browser');
  await a.goto(`${base}?join=${encodeURIComponent(address)}&seat=sana&script=${encodeURIComponent(team)}`);
  pages.push({ seat: 'sana', page: a });

  // ---- browser player 2: from the title, N, then the room's code typed as people type it
  const ctxB = await browser.newContext({ viewport: VIEW });
  const b = await ctxB.newPage();
  watch(b, problems, 'Amara\'s browser');
  await b.goto(`${base}?seat=amara&script=${encodeURIComponent(team)}`);
  pages.push({ seat: 'amara', page: b });
  await screenIs(b, 'title', 180_000);
  await b.locator('#pagerdrill').focus();
  await b.keyboard.press('n');
  await screenIs(b, 'room', 10_000);
  await b.waitForTimeout(500);
  await b.screenshot({ path: path.join(shots, 'gameday-1-room.png') });
  const typed = `${address.slice(0, address.lastIndexOf('/') + 1)}${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
  await b.keyboard.type(typed);
  await b.keyboard.press('Enter');
  await b.waitForTimeout(300);
  await b.keyboard.type('Amara P.');
  await b.keyboard.press('Enter');
  await b.waitForFunction(
    () => (document.getElementById('game-status')?.textContent || '').includes('Your seat: Amara.'),
    null, { timeout: 120_000 });
  check(true, `the second browser joined by typing ${typed} and a name, and took Amara's seat`);
  await b.waitForTimeout(400);
  await b.screenshot({ path: path.join(shots, 'gameday-2-lobby.png') });

  // ---- the other seats, natively
  for (const seat of NATIVE_SEATS) {
    natives.push({ seat, ...run(['join', address, '--seat', seat, '--actions', SCRIPT_FILE,
      '--report', path.join(work, `${seat}.json`)], seat) });
  }

  // ---- the shift, played by every game's script, then the debrief everywhere
  await screenIs(a, 'shift', 180_000);
  await a.waitForTimeout(1500);
  await a.screenshot({ path: path.join(shots, 'gameday-3-shift.png') });
  check(true, 'Sana\'s browser is on the shift');
  for (const { seat, page } of pages) {
    await screenIs(page, 'debrief', 600_000);
    check(true, `${seat}'s browser reached the debrief`);
  }
  await a.waitForTimeout(400);
  await a.screenshot({ path: path.join(shots, 'gameday-4-debrief.png') });
  for (const n of natives) {
    const exit = await n.done;
    check(exit === 0, `${n.seat}'s native game ended cleanly${exit ? `: ${n.out.join('')}` : ''}`);
  }
  const hostExit = await host.done;
  check(hostExit === 0, `the facilitator's game ended cleanly${hostExit ? `: ${host.out.join('')}` : ''}`);

  // ---- every report is what `pagerdrill run` gives for the facilitator's log
  const expected = JSON.parse(execFileSync(native, ['run', SCENARIO, '--seed', SEED, '--json',
    '--actions', path.join(work, 'log.ron')], { encoding: 'utf8' }));
  delete expected.final_state;
  const hash = (v) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
  const want = hash(expected);
  console.log(`run of the log: report sha256 ${want}, team ${expected.score.total}/100, ${expected.participants.length} participants`);
  check(expected.participants.length === 5, 'the team report has five participants');
  for (const { seat, page } of pages) {
    const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('pagerdrill/results.json')));
    const last = saved && saved[saved.length - 1];
    check(last && last.scenario === SCENARIO && hash(last.report) === want,
      `${seat}'s browser saved the report run gives (${last ? hash(last.report) : 'nothing saved'})`);
  }
  for (const n of natives) {
    const r = JSON.parse(fs.readFileSync(path.join(work, `${n.seat}.json`), 'utf8'));
    check(hash(r.report) === want, `${n.seat}'s native game wrote the report run gives`);
  }
  const h = JSON.parse(fs.readFileSync(path.join(work, 'host.json'), 'utf8'));
  check(hash(h.report) === want, 'the facilitator\'s game wrote the report run gives');
  const log = fs.readFileSync(path.join(work, 'log.ron'), 'utf8');
  for (const seat of BROWSER_SEATS) {
    const steps = log.match(new RegExp(`by: *(Some\\()?"${seat}"`, 'g')) || [];
    check(steps.length > 0, `the log holds ${steps.length} actions of ${seat}'s, sent from a browser`);
  }
} catch (e) {
  failures += 1;
  console.log(`FAIL ${e.stack || e}`);
  for (const { seat, page } of pages) {
    await page.screenshot({ path: path.join(shots, `gameday-failure-${seat}.png`) }).catch(() => {});
    const text = await page.locator('#game-status').textContent().catch(() => '?');
    console.log(`${seat}'s page status: ${text}`);
  }
  for (const n of [host, ...natives]) {
    if (n.out.length) console.log(`${n.label}: ${n.out.join('')}`);
  }
} finally {
  for (const p of problems) console.log(`FAIL ${p}`);
  failures += problems.length;
  if (!problems.length) check(true, 'no console errors or page errors');
  for (const n of [host, ...natives]) n.child.kill();
  await browser.close();
  server.close();
}
console.log(`screenshots in ${shots}`);
if (failures) {
  console.log(`e2e-gameday: ${failures} failure(s)`);
  process.exit(1);
}
console.log('e2e-gameday: all checks passed');
