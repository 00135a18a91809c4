// Benchmark of the release build: `node scripts/bench.mjs [options]`.
//
// Builds the release bundle (Trunk) and the sandbox, serves the bundle with
// the sandbox, and measures the Softphones page in headless Chromium, several
// runs each (median and min–max):
//   1. what the first page (/softphones) loads: per file and total, raw, gzip
//      (level 9) and brotli (quality 11) computed here, and the bytes actually
//      transferred with the Content-Encoding the sandbox served;
//   2. navigation start -> the Softphones form's Assign button exists and is
//      enabled ("first form usable"), and the wasm download+instantiate time;
//   3. click Assign/Unassign -> the result rendered (+ one animation frame),
//      which includes the loopback HTTP round trip to the sandbox;
//   4. JS heap and wasm memory after 200 round trips versus after 10;
//   5. the longest main-thread task (Chromium trace) in separate, traced
//      runs of 2 and 3 (tracing slows the page down a little);
//   6. the bulk page (/bulk) at 1,000, 10,000 and 100,000 rows, measured the
//      same way (its own section, "bulk at scale", below): paste to the row
//      count and the first rows on screen, the run to settled against the
//      sandbox (rows/s) and the charged rows sent again once accepted, the
//      main thread's busy share and longest task, JS heap and wasm memory at
//      the end, and the result file's size and time to make;
//   7. Lighthouse performance, accessibility and best-practices (desktop).
// Dependencies: Playwright and Lighthouse from node_modules, Chromium.
// See README.md, section "Benchmark", for the options.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir, cpus, totalmem, release, homedir, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants as zc } from 'node:zlib';
import shared from './lib/sandbox.cjs';

const { CHROMIUM_FLAGS } = shared;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
// Demo data (tests/e2e/helpers.ts, sandbox/README.md).
const DEMO = {
  token: 'demo-token-7f3c9a',
  tenant: '11111111-2222-4333-8444-555555555555',
  user: '11111111-0000-4000-8000-000000000001',
  device: '5eed0000000000000000000000001011',
};
const GOALS = {
  usableMs: 150, // first form usable, median of cold loads, <=
  assignMs: 16, // Assign -> rendered, median, <
  longTaskMs: 50, // no main-thread task over this
};
const LATENCY_TRIPS = 50;
// RunTask (one main-thread task) is in the disabled-by-default category; the
// plain one adds what the tasks did (FunctionCall, Layout, Paint, ...).
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];
const MEMORY_TRIPS = [10, 200];

// ---------------------------------------------------------------- options

function usage(code) {
  console.log(`usage: node scripts/bench.mjs [--no-build] [--dist DIR] [--runs N] [--lighthouse-runs N]
                              [--sandbox BIN] [--json FILE] [--write-doc] [--doc FILE] [--trace-dir DIR]
                              [--bulk-sizes LIST] [--bulk-runs LIST]

  --no-build           use the existing build (default: trunk build --release, cargo build -p sandbox --release)
  --dist DIR           the release bundle (default dist/)
  --runs N             runs of each browser measurement (default 5)
  --lighthouse-runs N  Lighthouse runs (default min(3, runs); 0 skips Lighthouse)
  --sandbox BIN        the sandbox binary (default: target/release/switchboard-sandbox, built;
                       with --no-build target/release, else target/debug)
  --json FILE          also write every figure as JSON
  --write-doc          (re)write docs/performance.md with these figures and the machine
  --doc FILE           write the document to FILE instead (implies --write-doc)
  --trace-dir DIR      keep the Chromium traces there (open them in DevTools' Performance panel)
  --bulk-sizes LIST    rows of the bulk runs (default 1000,10000,100000; none leaves the bulk page out,
                       for comparing with a build whose bulk page the benchmark does not know)
  --bulk-runs LIST     timed runs of each size (default 3,1,1; the 1000- and 10000-row sizes also run once traced)`);
  process.exit(code);
}

function parseArgs(argv) {
  const o = { build: true, dist: null, runs: 5, lhRuns: null, sandbox: null, json: null, doc: null, traceDir: null, bulkSizes: null, bulkRuns: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) {
        console.error(`${a} needs a value`);
        usage(2);
      }
      return argv[++i];
    };
    const count = (min) => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        console.error(`${a}: expected a whole number >= ${min}, got '${v}'`);
        usage(2);
      }
      return n;
    };
    if (a === '--no-build') o.build = false;
    else if (a === '--dist') o.dist = resolve(value());
    else if (a === '--runs') o.runs = count(1);
    else if (a === '--lighthouse-runs') o.lhRuns = count(0);
    else if (a === '--sandbox') o.sandbox = resolve(value());
    else if (a === '--json') o.json = resolve(value());
    else if (a === '--write-doc') o.doc ??= join(ROOT, 'docs', 'performance.md');
    else if (a === '--doc') o.doc = resolve(value());
    else if (a === '--trace-dir') o.traceDir = resolve(value());
    else if (a === '--bulk-sizes' && argv[i + 1] === 'none') {
      value();
      o.bulkSizes = [];
    }
    else if (a === '--bulk-sizes' || a === '--bulk-runs') {
      const v = value();
      const list = v.split(',').map(Number);
      if (!list.length || !list.every((n) => Number.isInteger(n) && n >= 1) || (a === '--bulk-sizes' && list.some((n) => n > 100000))) {
        console.error(`${a}: expected whole numbers >= 1${a === '--bulk-sizes' ? ' and <= 100000' : ''}, separated by commas, got '${v}'`);
        usage(2);
      }
      if (a === '--bulk-sizes') o.bulkSizes = list;
      else o.bulkRuns = list;
    }
    else if (a === '-h' || a === '--help') usage(0);
    else {
      console.error(`unknown option: ${a}`);
      usage(2);
    }
  }
  o.lhRuns ??= Math.min(3, o.runs);
  o.bulkSizes ??= BULK.sizes;
  o.bulkRuns ??= o.bulkSizes.map((n) => BULK.runs[BULK.sizes.indexOf(n)] ?? 1);
  return o;
}

// ---------------------------------------------------------------- clean-up

const live = { sandbox: null, browser: null, procs: new Set(), tmp: [] };
let cleaning = null;
let interrupted = false;

function killHard() {
  for (const p of [live.sandbox, ...live.procs]) {
    if (p && p.exitCode === null && p.signalCode === null) {
      try {
        p.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}

function stopProcess(p, grace = 3000) {
  return new Promise((done) => {
    if (!p || p.exitCode !== null || p.signalCode !== null) return done();
    p.once('exit', () => done());
    p.kill('SIGTERM');
    setTimeout(() => p.kill('SIGKILL'), grace).unref();
  });
}

function cleanup() {
  cleaning ??= (async () => {
    if (live.browser) {
      await Promise.race([live.browser.close().catch(() => {}), sleep(5000)]);
      live.browser = null;
    }
    await Promise.all([...live.procs].map((p) => stopProcess(p)));
    await stopProcess(live.sandbox);
    live.sandbox = null;
    for (const d of live.tmp) rmSync(d, { recursive: true, force: true });
  })();
  return cleaning;
}

process.on('exit', killHard);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    interrupted = true;
    console.error(`\n${sig}: stopping the browser and the sandbox…`);
    await cleanup();
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[sig]);
  });
}

// ---------------------------------------------------------------- small helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A failure explained by its message (a missing file, a build that failed): no stack trace. */
class BenchError extends Error {}

function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const q = (p) => {
    const i = (v.length - 1) * p;
    const lo = Math.floor(i);
    return v[lo] + (v[Math.ceil(i)] - v[lo]) * (i - lo);
  };
  return { median: q(0.5), min: v[0], max: v[v.length - 1], p95: q(0.95), n: v.length };
}

const ms = (x) => (x == null ? '–' : `${x.toFixed(1)} ms`);
const kb = (n) => (n == null ? '–' : `${(n / 1024).toFixed(1)} KB`);
const mb = (n) => (n == null ? '–' : `${(n / 1048576).toFixed(2)} MB`);
const signedKb = (n) => (n == null ? '–' : `${n >= 0 ? '+' : '−'}${(Math.abs(n) / 1024).toFixed(1)} KB`);
const secs = (x) => (x == null ? '–' : `${(x / 1000).toFixed(2)} s`);
const rate = (x) => (x == null ? '–' : `${x.toFixed(0)} rows/s`);
const pct = (x) => (x == null ? '–' : `${(x * 100).toFixed(0)} %`);
const range = (s, f) => (s ? `${f(s.min)} – ${f(s.max)}` : '–');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'PASS' : 'MISS');

function table(head, rows, right = []) {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const width = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) =>
    r.map((c, i) => (right.includes(i) ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ').trimEnd();
  console.log(line(cells[0]));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

function heading(text) {
  console.log(`\n== ${text}`);
}

function toolPath() {
  return [join(ROOT, 'node_modules', '.bin'), join(homedir(), '.cargo', 'bin'), process.env.PATH].join(':');
}

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, PATH: toolPath() } });
    live.procs.add(p);
    p.on('error', (e) => {
      live.procs.delete(p);
      fail(new BenchError(`${cmd}: ${e.message}`));
    });
    p.on('exit', (code, signal) => {
      live.procs.delete(p);
      if (code === 0) ok();
      else fail(new BenchError(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

function version(cmd, args = ['--version']) {
  try {
    const out = execFileSync(cmd, args, {
      encoding: 'utf8',
      env: { ...process.env, PATH: toolPath() },
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return out.trim().split('\n')[0];
  } catch {
    return 'not found';
  }
}

// ---------------------------------------------------------------- sandbox

const targetDir = () => process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');

/** Starts the sandbox as the end-to-end tests do (scripts/lib/sandbox.cjs). */
async function startSandbox(bin, dist) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  live.tmp.push(dir);
  try {
    const sandbox = await shared.startSandbox({ bin, dist, dir, timeoutSeconds: 15 });
    live.sandbox = sandbox.child;
    return { api: sandbox.api, site: sandbox.site };
  } catch (e) {
    throw new BenchError(e.message);
  }
}

async function resetSandbox(api) {
  const res = await fetch(`${api}/__sandbox/reset`, {
    method: 'POST',
    // The control routes' header and content type (sandbox/README.md).
    headers: { 'x-sandbox-control': '1', 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`sandbox reset: ${res.status}`);
}

// ---------------------------------------------------------------- in-page instrumentation

/**
 * Runs in the page before any of its scripts (page.addInitScript). Times are
 * performance.now(), i.e. milliseconds since navigation start.
 */
function pageInit() {
  const B = (window.__bench = {
    usable: null, // Assign button in the DOM and enabled
    started: null, // TrunkApplicationStarted
    wasmCalled: null, // WebAssembly.instantiate(Streaming) called (wasm response headers in)
    wasmReady: null, // ... resolved: downloaded, compiled, instantiated
    memory: null, // the wasm Memory
  });
  const findButton = (label) => {
    for (const b of document.querySelectorAll('button')) if (b.textContent.trim() === label) return b;
    return null;
  };
  const check = () => {
    if (B.usable !== null) return;
    const b = findButton('Assign');
    if (b && b.isConnected && !b.disabled) {
      B.usable = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  addEventListener('TrunkApplicationStarted', (e) => {
    B.started = performance.now();
    const memory = e.detail && e.detail.wasm && e.detail.wasm.memory;
    if (memory) B.memory = memory;
    check();
  });
  // wasm-bindgen awaits the fetch, then instantiates: wrapping the two entry
  // points gives "headers in" and "instantiated" without changing behaviour.
  const wrap = (name) => {
    const original = WebAssembly[name];
    if (typeof original !== 'function') return;
    WebAssembly[name] = function (...args) {
      const t = performance.now();
      return original.apply(this, args).then((r) => {
        const instance = r instanceof WebAssembly.Instance ? r : r.instance;
        if (instance && instance.exports.memory instanceof WebAssembly.Memory) {
          B.wasmCalled ??= t;
          B.wasmReady ??= performance.now();
          B.memory ??= instance.exports.memory;
        }
        return r;
      });
    };
  };
  wrap('instantiateStreaming');
  wrap('instantiate');

  /** Metrics of this load. */
  B.loadMetrics = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find((e) => /\.wasm(\?|$)/.test(e.name));
    const config = performance.getEntriesByType('resource').find((e) => /\/config\.json(\?|$)/.test(e.name));
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      ttfb: nav ? nav.responseStart : null,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
      fcp: fcp ? fcp.startTime : null,
      wasmFetchStart: wasm ? wasm.startTime : null,
      wasmResponseEnd: wasm ? wasm.responseEnd : null,
      wasmCalled: B.wasmCalled,
      wasmReady: B.wasmReady,
      wasmDownloadInstantiate: wasm && B.wasmReady !== null ? B.wasmReady - wasm.startTime : null,
      started: B.started,
      configFetchStart: config ? config.startTime : null,
      configResponseEnd: config ? config.responseEnd : null,
      usable: B.usable,
    };
  };

  B.memoryNow = () => ({
    jsHeap: performance.memory ? performance.memory.usedJSHeapSize : null,
    wasm: B.memory ? B.memory.buffer.byteLength : null,
  });

  /**
   * n round trips, alternating Assign (even) and Unassign (odd), counting from
   * `first`. Each: t0, click, wait until the result panel shows the new
   * outcome (tDom), one animation frame, t1. When `collect`, returns
   * [t1 - t0, tDom - t0] per round trip, and starts each round trip at a
   * different point of the frame (spread evenly over the frame interval, as
   * real clicks are): otherwise every click would land at the start of a
   * frame, right after the previous round trip's animation frame, and every
   * figure would be a whole frame.
   */
  B.roundTrips = async (n, first, collect) => {
    const result = document.getElementById('sp-result');
    if (!result) throw new Error('no result panel (#sp-result) on the page');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const times = [];
    for (let i = 0; i < n; i++) {
      const assign = (first + i) % 2 === 0;
      const label = assign ? 'Assign' : 'Unassign';
      let button = findButton(label);
      for (let k = 0; (!button || button.disabled) && k < 300; k++) {
        await frame();
        button = findButton(label);
      }
      if (!button || button.disabled) throw new Error(`the ${label} button is missing or stays disabled`);
      const want = assign ? 'Assigned device' : 'Unassigned device';
      let timer;
      let observer;
      const rendered = new Promise((ok, fail) => {
        // Only mutations after the click count, so a stale outcome never does.
        observer = new MutationObserver(() => {
          const text = result.textContent;
          if (text.includes(want)) ok();
          else if (result.querySelector('[role="alert"]') || text.includes('did not succeed'))
            fail(new Error(`${label} failed: ${text.trim().replace(/\s+/g, ' ')}`));
        });
        observer.observe(result, { childList: true, subtree: true, characterData: true });
        timer = setTimeout(() => fail(new Error(`${label}: no result within 10 s`)), 10_000);
      });
      if (collect) {
        await frame();
        await new Promise((r) => setTimeout(r, ((i * 0.6180339887) % 1) * (1000 / 60)));
      }
      const t0 = performance.now();
      button.click();
      let tDom;
      try {
        await rendered;
        tDom = performance.now();
      } finally {
        observer.disconnect();
        clearTimeout(timer);
      }
      await frame();
      const t1 = performance.now();
      if (collect) times.push([t1 - t0, tDom - t0]);
    }
    return times;
  };
}

// ---------------------------------------------------------------- trace

let traceDir = null;

/**
 * Main-thread tasks of the page's renderer(s) in a Chromium trace: renderer
 * main threads that saw a URL of `origin` (headless Chromium also runs
 * renderers of its own, e.g. the omnibox popup's WebUI, with long tasks at
 * start-up). Keeps the trace in traceDir as NAME.json. With `within`, the
 * names of two performance.mark()s (category blink.user_timing), only the
 * tasks that overlap the time between them count, and busyMs is the part of
 * that time spent in tasks (windowMs its length).
 */
function traceTasks(buffer, name, origin, within = null) {
  if (traceDir) {
    mkdirSync(traceDir, { recursive: true });
    writeFileSync(join(traceDir, `${name}.json`), buffer);
  }
  const trace = JSON.parse(buffer.toString('utf8'));
  const events = Array.isArray(trace) ? trace : trace.traceEvents || [];
  const rendererMains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const mains = new Set();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    const d = e.args && (e.args.data || e.args.beginData);
    if (d && typeof d.url === 'string' && d.url.startsWith(origin) && rendererMains.has(key)) mains.add(key);
  }
  const onMain = (e) => mains.has(`${e.pid}:${e.tid}`);
  let tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && onMain(e) && e.dur > 0);
  let from = -Infinity;
  let to = Infinity;
  if (within) {
    const mark = (n) => events.find((e) => e.name === n && typeof e.cat === 'string' && e.cat.includes('user_timing'));
    const [a, b] = within.map(mark);
    if (a && b) {
      from = a.ts;
      to = b.ts;
      tasks = tasks.filter((t) => t.ts < to && t.ts + t.dur > from);
    }
  }
  const clipped = (t) => Math.min(t.ts + t.dur, to) - Math.max(t.ts, from);
  const longest = tasks.reduce((a, t) => (!a || t.dur > a.dur ? t : a), null);
  let inside = [];
  if (longest) {
    // What the longest task spent its time on: nested complete events of 1 ms
    // or more, with their depth.
    const end = longest.ts + longest.dur;
    const nested = events
      .filter(
        (e) =>
          e.ph === 'X' && e !== longest && e.pid === longest.pid && e.tid === longest.tid &&
          e.ts >= longest.ts && e.ts + (e.dur || 0) <= end && (e.dur || 0) >= 1000,
      )
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const e of nested) {
      while (stack.length && stack[stack.length - 1] <= e.ts) stack.pop();
      const d = e.args && (e.args.data || e.args.beginData);
      const what = d ? [d.type, d.functionName, d.url && d.url.replace(/^https?:\/\/[^/]+/, '')].filter(Boolean).join(' ') : '';
      inside.push({ depth: stack.length, name: e.name, ms: e.dur / 1000, what });
      stack.push(e.ts + e.dur);
    }
    inside = inside.filter((e) => e.depth <= 4).slice(0, 14);
  }
  return {
    count: tasks.length,
    longestMs: longest ? longest.dur / 1000 : null,
    longestCpuMs: longest && longest.tdur != null ? longest.tdur / 1000 : null,
    over50: tasks.filter((t) => t.dur > GOALS.longTaskMs * 1000).length,
    // All the main thread's tasks together (wall clock, within the window if one is given).
    busyMs: tasks.reduce((a, t) => a + clipped(t), 0) / 1000,
    windowMs: Number.isFinite(to - from) ? (to - from) / 1000 : null,
    // when the longest task started, ms after the first mark
    longestAtMs: longest && Number.isFinite(from) ? (longest.ts - from) / 1000 : null,
    longestInside: inside,
  };
}

// ---------------------------------------------------------------- phases

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(pageInit);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { context, page };
}

async function waitUsable(page) {
  await page.waitForFunction(() => window.__bench && window.__bench.usable !== null, null, { timeout: 30_000 });
}

async function fillForm(page) {
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(DEMO.tenant);
  await page.getByLabel('Bearer token').fill(DEMO.token);
  await page.getByRole('combobox', { name: 'User', exact: true }).fill(DEMO.user);
  await page.getByLabel('Device id').fill(DEMO.device);
  await page.getByRole('radio', { name: 'Desktop' }).check();
  // The pickers' look-ups (the user list, the role check) are done before
  // anything is measured.
  await page.getByRole('list', { name: 'Softphone roles' }).waitFor();
}

function compressed(data) {
  return {
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, {
      params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length,
  };
}

/** Phases 1 + 2: cold loads (a fresh context each run), each followed by a warm reload. */
async function phaseLoad(browser, sandbox, runs) {
  const url = `${sandbox.site}/softphones`;
  const out = { cold: [], warm: [], transfer: [], files: null, acceptEncoding: null };
  for (let r = 0; r < runs; r++) {
    await resetSandbox(sandbox.api);
    const { context, page } = await newPage(browser);
    const responses = [];
    page.on('response', (res) => responses.push(res));
    try {
      await page.goto(url, { waitUntil: 'load' });
      await waitUsable(page);
      out.cold.push(await page.evaluate(() => window.__bench.loadMetrics()));
      await page.waitForLoadState('networkidle');

      // What the cold load transferred (bodies can only be read before the reload).
      const files = [];
      for (const res of [...responses]) {
        await res.finished().catch(() => {});
        const req = res.request();
        const sizes = await req.sizes().catch(() => null);
        const body = await res.body().catch(() => null);
        if (!body) throw new Error(`could not read the body of ${res.url()}`);
        const headers = await res.allHeaders();
        out.acceptEncoding ??= (await req.allHeaders())['accept-encoding'] ?? '(none)';
        const u = new URL(res.url());
        files.push({
          path: u.pathname,
          origin: u.origin === sandbox.api ? 'api' : 'site',
          method: req.method(),
          status: res.status(),
          type: (headers['content-type'] || '').split(';')[0],
          encoding: headers['content-encoding'] || 'identity',
          transferredBody: sizes ? sizes.responseBodySize : null,
          transferredHeaders: sizes ? sizes.responseHeadersSize : null,
          raw: body.length,
          ...(r === 0 ? compressed(body) : {}),
        });
      }
      out.transfer.push({
        files: files.length,
        raw: files.reduce((a, f) => a + f.raw, 0),
        body: files.reduce((a, f) => a + (f.transferredBody ?? 0), 0),
        withHeaders: files.reduce((a, f) => a + (f.transferredBody ?? 0) + (f.transferredHeaders ?? 0), 0),
      });
      if (r === 0) out.files = files;

      await page.reload({ waitUntil: 'load' });
      await waitUsable(page);
      out.warm.push(await page.evaluate(() => window.__bench.loadMetrics()));
    } finally {
      await context.close();
    }
  }
  return out;
}

/** A page with the demo form filled in, after one Assign and one Unassign (CORS preflight, first fetch). */
async function readyForm(browser, sandbox) {
  const { context, page } = await newPage(browser);
  await page.goto(`${sandbox.site}/softphones`);
  await waitUsable(page);
  await fillForm(page);
  return { context, page };
}

/** Phase 3: Assign/Unassign -> rendered, LATENCY_TRIPS round trips per run. */
async function phaseLatency(browser, sandbox, runs) {
  const out = [];
  for (let r = 0; r < runs; r++) {
    await resetSandbox(sandbox.api);
    const { context, page } = await readyForm(browser, sandbox);
    try {
      await page.evaluate(() => window.__bench.roundTrips(2, 0, false));
      out.push(await page.evaluate((n) => window.__bench.roundTrips(n, 0, true), LATENCY_TRIPS));
    } finally {
      await context.close();
    }
  }
  return out;
}

/**
 * Phase 5: the same steps as phases 2 and 3 (a cold load and a warm reload;
 * LATENCY_TRIPS round trips), traced. Separate runs, so that tracing does not
 * slow down the timed ones.
 */
async function phaseTrace(browser, sandbox, runs) {
  const out = { load: [], assign: [] };
  const traced = async (page, name, list, steps) => {
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    let trace = null;
    try {
      await steps();
    } finally {
      trace = await browser.stopTracing().catch(() => null);
    }
    if (trace) list.push(traceTasks(trace, name, sandbox.site));
  };
  for (let r = 0; r < runs; r++) {
    await resetSandbox(sandbox.api);
    const { context, page } = await newPage(browser);
    try {
      await traced(page, `load-${r + 1}`, out.load, async () => {
        await page.goto(`${sandbox.site}/softphones`, { waitUntil: 'load' });
        await waitUsable(page);
        await page.reload({ waitUntil: 'load' });
        await waitUsable(page);
      });
      await fillForm(page);
      await page.evaluate(() => window.__bench.roundTrips(2, 0, false));
      await traced(page, `assign-${r + 1}`, out.assign, () =>
        page.evaluate((n) => window.__bench.roundTrips(n, 0, true), LATENCY_TRIPS),
      );
    } finally {
      await context.close();
    }
  }
  return out;
}

/** Phase 4: memory after MEMORY_TRIPS[0] and MEMORY_TRIPS[1] round trips, after a forced GC. */
async function phaseMemory(browser, sandbox, runs) {
  const out = [];
  for (let r = 0; r < runs; r++) {
    await resetSandbox(sandbox.api);
    const { context, page } = await readyForm(browser, sandbox);
    try {
      const cdp = await context.newCDPSession(page);
      const measure = async () => {
        for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
        return page.evaluate(() => window.__bench.memoryNow());
      };
      let done = 0;
      const points = [];
      for (const total of MEMORY_TRIPS) {
        await page.evaluate(([n, first]) => window.__bench.roundTrips(n, first, false), [total - done, done]);
        done = total;
        points.push({ trips: total, ...(await measure()) });
      }
      const [a, b] = points;
      out.push({ points, jsGrowth: b.jsHeap - a.jsHeap, wasmGrowth: b.wasm - a.wasm });
    } finally {
      await context.close();
    }
  }
  return out;
}

/** Written under the figures: what they hide, and what stands in the way of the goals when they are missed. */
const MARGINS = [
  '## Margins, and what stands in the way',
  '',
  '- **First form usable** is a chain: the page names the start-up script, the JS glue and the',
  '  wasm in `<head>`; the wasm downloads, compiles and instantiates (most of the time; less',
  '  wasm is what shortens it); `config.json` is preloaded by `index.html` meanwhile, so it costs',
  '  no round trip of its own; then the first render takes 7-15 ms of CPU. On a machine busy',
  '  with other work the cold median has been seen at 150-210 ms.',
  '- **Assign to rendered** includes half a frame (8.3 ms) on average of waiting for the next',
  '  frame, and the sandbox\'s loopback round trip (it opens a connection per request). The',
  '  console\'s own work per round trip is about 2 ms of JS and wasm plus 0.4 ms of style and',
  '  layout; on a loaded machine the median has been seen at 16.1-16.6 ms.',
  '- **Long tasks**: the page\'s longest task is its first render after `config.json` arrives;',
  '  its wall-clock length grows with the machine\'s load while its CPU time stays under 15 ms.',
  '  A task over 50 ms in these runs, when there is one, is the renderer waiting for the CPU',
  '  (this machine is a 2-core VM): compare its CPU time, printed beside it.',
  '- **Memory** counts what the tab keeps on purpose: the activity journal holds every change sent',
  '  (about 1 KB each, with its request for "copy as curl"), so 190 more round trips add about 190 KB',
  '  of wasm memory (three 64 KB pages) by design; a leak would show in the JS heap or beyond that.',
  '- **Size**: the budgets are 155 KB brotli for the main module and 45 KB per chunk',
  '  (`scripts/size.mjs`); see `docs/decisions.md` (Size) for where the bytes go and why they moved.',
  '',
];

/** Phase 7: Lighthouse (desktop preset) against its own Chromium. */
// ---------------------------------------------------------------- a large answer (issue 16)

/** Keys of the one object in the large answer: 1.2 MB of JSON. */
const BIG_KEYS = 100_000;

/**
 * A 1.2 MB answer: the user list of the demo customer, with one object of
 * BIG_KEYS keys beside its data (the API may send more than the console
 * reads). Measured in the page: from the answer's last byte
 * (`responseEnd`) to the user list drawn, and the longest task meanwhile
 * (Long Tasks API). Before serde_json's index map, objects were a list
 * searched key by key: this froze the tab for half a minute.
 */
async function phaseBigAnswer(browser, sandbox, runs) {
  const big = {};
  for (let i = 0; i < BIG_KEYS; i++) big[`key${String(i).padStart(6, '0')}`] = i;
  const user = { id: DEMO.user, displayName: 'Big Answer', email: 'big@example.com', primaryTenant: DEMO.tenant, isParent: false };
  const body = JSON.stringify({ status: 'success', timestamp: '2026-01-01T00:00:00Z', data: [user], extra: big });
  const path = `/api/v1.0/customers/${DEMO.tenant}/users`;
  const out = { bytes: body.length, runs: [] };
  for (let r = 0; r < runs; r++) {
    await resetSandbox(sandbox.api);
    const { context, page } = await newPage(browser);
    try {
      await page.route((u) => u.pathname === path, (route) => {
        const cors = {
          'access-control-allow-origin': sandbox.site,
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-allow-methods': 'GET, OPTIONS',
        };
        if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
        return route.fulfill({ status: 200, contentType: 'application/json', headers: cors, body });
      });
      await page.goto(`${sandbox.site}/softphones`);
      await waitUsable(page);
      await page.evaluate(() => {
        const w = window;
        w.__big = { tasks: [], drawn: null };
        new PerformanceObserver((l) => w.__big.tasks.push(...l.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask' });
        new MutationObserver((_, o) => {
          if ([...document.querySelectorAll('[role=option]')].some((e) => e.textContent.includes('Big Answer'))) {
            w.__big.drawn = performance.now();
            o.disconnect();
          }
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(DEMO.tenant);
      await page.getByLabel('Bearer token').fill(DEMO.token);
      await page.waitForFunction(() => window.__big.drawn !== null, null, { timeout: 120_000 });
      out.runs.push(
        await page.evaluate((p) => {
          const res = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === p).pop();
          const { drawn, tasks } = window.__big;
          const from = res ? res.responseEnd : drawn;
          const longest = tasks.filter(([t, d]) => t + d >= from && t <= drawn).reduce((m, [, d]) => Math.max(m, d), 0);
          return { ms: drawn - from, longestTask: longest };
        }, path),
      );
    } finally {
      await context.close();
    }
  }
  return out;
}

async function phaseLighthouse(sandbox, runs) {
  const { default: lighthouse } = await import('lighthouse');
  const { default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js');
  const out = [];
  for (let r = 0; r < runs; r++) {
    await resetSandbox(sandbox.api);
    const profile = mkdtempSync(join(tmpdir(), 'switchboard-bench-lh-'));
    live.tmp.push(profile);
    const chrome = spawn(
      CHROMIUM,
      [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    live.procs.add(chrome);
    try {
      const [, port] = await shared.waitForLine(chrome, 'stderr', /DevTools listening on ws:\/\/[^:]+:(\d+)\//, 'chromium');
      const result = await lighthouse(
        `${sandbox.site}/softphones`,
        { port: Number(port), output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] },
        desktopConfig,
      );
      const lhr = result.lhr;
      const score = (id) => (lhr.categories[id] && lhr.categories[id].score != null ? Math.round(lhr.categories[id].score * 100) : null);
      const audit = (id) => (lhr.audits[id] ? lhr.audits[id].numericValue : null);
      const missing = [];
      for (const [id, cat] of Object.entries(lhr.categories)) {
        for (const ref of cat.auditRefs) {
          const a = lhr.audits[ref.id];
          if (ref.weight > 0 && a && a.score !== null && a.score < 1) missing.push(`${id}: ${a.id} (${a.displayValue || a.score})`);
        }
      }
      out.push({
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        fcp: audit('first-contentful-paint'),
        lcp: audit('largest-contentful-paint'),
        tbt: audit('total-blocking-time'),
        cls: audit('cumulative-layout-shift'),
        speedIndex: audit('speed-index'),
        missing,
        runWarnings: lhr.runWarnings || [],
      });
    } finally {
      await stopProcess(chrome);
      live.procs.delete(chrome);
    }
  }
  return out;
}

// ---------------------------------------------------------------- report

function machine(browserVersion) {
  const read = (f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
  const cpu = (read('/proc/cpuinfo').match(/^model name\s*:\s*(.+)$/m) || [])[1] || (cpus()[0] && cpus()[0].model) || 'unknown';
  const memKb = Number((read('/proc/meminfo').match(/^MemTotal:\s*(\d+)/m) || [])[1]);
  const os = (read('/etc/os-release').match(/^PRETTY_NAME="?([^"\n]+)"?$/m) || [])[1] || process.platform;
  return {
    date: new Date().toISOString(),
    cpu,
    cores: cpus().length,
    ramGiB: Number(((memKb ? memKb * 1024 : totalmem()) / 1073741824).toFixed(1)),
    os: `${os}, Linux ${release()}`,
    chromium: browserVersion || version(CHROMIUM),
    node: process.version,
    rustc: version('rustc'),
    trunk: version('trunk'),
    wasmBindgen: version('wasm-bindgen'),
    wasmOpt: version('wasm-opt'),
  };
}

function summarise(load, latency, memory, traces, lh, bulk) {
  const pick = (list, key) => stats(list.map((m) => m[key]));
  const s = {};
  s.cold = Object.fromEntries(Object.keys(load.cold[0]).map((k) => [k, pick(load.cold, k)]));
  s.warm = Object.fromEntries(Object.keys(load.warm[0]).map((k) => [k, pick(load.warm, k)]));
  s.transfer = {
    raw: pick(load.transfer, 'raw'),
    body: pick(load.transfer, 'body'),
    withHeaders: pick(load.transfer, 'withHeaders'),
  };
  // latency: per run, [rendered, dom] per round trip (even: Assign).
  const col = (k, keep = () => true) => latency.flatMap((t) => t.filter((_, i) => keep(i)).map((x) => x[k]));
  s.latency = {
    runMedians: stats(latency.map((t) => stats(t.map((x) => x[0])).median)),
    pooled: stats(col(0)),
    assign: stats(col(0, (i) => i % 2 === 0)),
    unassign: stats(col(0, (i) => i % 2 === 1)),
    dom: stats(col(1)),
    domAssign: stats(col(1, (i) => i % 2 === 0)),
    domUnassign: stats(col(1, (i) => i % 2 === 1)),
  };
  s.memory = {
    jsAt10: stats(memory.map((m) => m.points[0].jsHeap)),
    jsAt200: stats(memory.map((m) => m.points[1].jsHeap)),
    jsGrowth: stats(memory.map((m) => m.jsGrowth)),
    wasmAt10: stats(memory.map((m) => m.points[0].wasm)),
    wasmAt200: stats(memory.map((m) => m.points[1].wasm)),
    wasmGrowth: stats(memory.map((m) => m.wasmGrowth)),
  };
  // Flat: the median run grows by less than 64 KiB of JS heap (about 350
  // bytes per round trip) and at most one 64 KiB wasm page over 190 trips.
  s.memory.flat =
    s.memory.jsGrowth && s.memory.wasmGrowth
      ? s.memory.jsGrowth.median < 65536 && s.memory.wasmGrowth.median <= 65536
      : null;
  const all = [...traces.load.map((t) => ({ phase: 'load', ...t })), ...traces.assign.map((t) => ({ phase: 'assign', ...t }))];
  const worst = all.reduce((a, t) => (t.longestMs != null && (!a || t.longestMs > a.longestMs) ? t : a), null);
  s.tasks = {
    load: stats(traces.load.map((t) => t.longestMs)),
    loadCpu: stats(traces.load.map((t) => t.longestCpuMs)),
    assign: stats(traces.assign.map((t) => t.longestMs)),
    assignCpu: stats(traces.assign.map((t) => t.longestCpuMs)),
    over50Load: traces.load.reduce((a, t) => a + t.over50, 0),
    over50Assign: traces.assign.reduce((a, t) => a + t.over50, 0),
    tasksSeen: all.reduce((a, t) => a + t.count, 0),
    worst,
  };
  s.lighthouse = lh.length
    ? {
        performance: pick(lh, 'performance'),
        accessibility: pick(lh, 'accessibility'),
        bestPractices: pick(lh, 'bestPractices'),
        fcp: pick(lh, 'fcp'),
        lcp: pick(lh, 'lcp'),
        tbt: pick(lh, 'tbt'),
        cls: pick(lh, 'cls'),
        speedIndex: pick(lh, 'speedIndex'),
        missing: [...new Set(lh.flatMap((r) => r.missing))],
        runWarnings: [...new Set(lh.flatMap((r) => r.runWarnings))],
      }
    : null;
  const maxTask = all.length ? Math.max(...all.map((t) => t.longestMs ?? 0)) : null;

  s.goals = [
    { goal: `first form usable <= ${GOALS.usableMs} ms (median, cold)`, value: ms(s.cold.usable && s.cold.usable.median), pass: s.cold.usable ? s.cold.usable.median <= GOALS.usableMs : null },
    { goal: `Assign -> rendered median < ${GOALS.assignMs} ms`, value: ms(s.latency.pooled && s.latency.pooled.median), pass: s.latency.pooled ? s.latency.pooled.median < GOALS.assignMs : null },
    { goal: 'Lighthouse performance 100', value: s.lighthouse ? String(s.lighthouse.performance?.median ?? '–') : 'skipped', pass: s.lighthouse && s.lighthouse.performance ? s.lighthouse.performance.median === 100 : null },
    { goal: 'Lighthouse accessibility 100', value: s.lighthouse ? String(s.lighthouse.accessibility?.median ?? '–') : 'skipped', pass: s.lighthouse && s.lighthouse.accessibility ? s.lighthouse.accessibility.median === 100 : null },
    { goal: `no main-thread task over ${GOALS.longTaskMs} ms (Softphones: load, round trips)`, value: `longest ${ms(maxTask)}, ${s.tasks.over50Load + s.tasks.over50Assign} over`, pass: maxTask != null ? maxTask <= GOALS.longTaskMs : null },
    { goal: 'memory flat (200 vs 10 round trips)', value: `JS ${signedKb(s.memory.jsGrowth?.median)}, wasm ${signedKb(s.memory.wasmGrowth?.median)}`, pass: s.memory.flat },
  ];
  // The bulk page at 1,000, 10,000 and 100,000 rows (its own section below).
  // (Left out with --bulk-sizes none: a build whose bulk page differs.)
  s.bulk = bulk.sizes.length ? summariseBulk(bulk) : null;
  if (s.bulk) s.goals.push(...bulkGoals(s.bulk));
  return s;
}

function print(s, load, opts) {
  const row = (label, st, f = ms) => [label, st ? f(st.median) : '–', range(st, f)];

  heading(`Transfer: what /softphones loads (cold cache; Accept-Encoding: ${load.acceptEncoding})`);
  const files = load.files;
  table(
    ['file', 'type', 'served as', 'transferred', 'raw', 'gzip -9', 'brotli 11'],
    [
      ...files.map((f) => [
        `${f.method === 'GET' ? '' : f.method + ' '}${f.origin === 'api' ? '[api] ' : ''}${f.path}`,
        f.type,
        f.encoding,
        kb(f.transferredBody),
        kb(f.raw),
        kb(f.gzip),
        kb(f.brotli),
      ]),
      [
        `total (${files.length} requests)`,
        '',
        '',
        kb(files.reduce((a, f) => a + (f.transferredBody ?? 0), 0)),
        kb(files.reduce((a, f) => a + f.raw, 0)),
        kb(files.reduce((a, f) => a + f.gzip, 0)),
        kb(files.reduce((a, f) => a + f.brotli, 0)),
      ],
    ],
    [3, 4, 5, 6],
  );
  console.log('"transferred" is the response body as sent (after Content-Encoding), without headers.');
  table(
    ['per run (cold load)', 'median', 'min – max'],
    [
      row('bodies transferred', s.transfer.body, kb),
      row('bodies + response headers', s.transfer.withHeaders, kb),
      row('raw (decoded)', s.transfer.raw, kb),
    ],
    [1],
  );

  heading(`Load: milliseconds since navigation start (${plural(opts.runs, "run")}, a fresh browser context each)`);
  const loadRows = [
    ['first form usable (Assign exists, enabled)', 'usable'],
    ['wasm fetch start -> instantiated', 'wasmDownloadInstantiate'],
    ['  wasm fetch started', 'wasmFetchStart'],
    ['  wasm response end', 'wasmResponseEnd'],
    ['  wasm instantiated', 'wasmReady'],
    ['TrunkApplicationStarted', 'started'],
    ['config.json fetch started', 'configFetchStart'],
    ['config.json response end', 'configResponseEnd'],
    ['first contentful paint', 'fcp'],
    ['document TTFB', 'ttfb'],
    ['DOMContentLoaded end', 'domContentLoaded'],
  ];
  table(
    ['', 'cold median', 'cold min – max', 'warm median', 'warm min – max'],
    loadRows.map(([label, k]) => [label, ms(s.cold[k]?.median), range(s.cold[k], ms), ms(s.warm[k]?.median), range(s.warm[k], ms)]),
    [1, 3],
  );
  console.log('warm = a reload in the same context (hashed assets from the HTTP cache).');

  heading(`Assign/Unassign -> result rendered, ${LATENCY_TRIPS} round trips x ${plural(opts.runs, "run")}`);
  const lat = s.latency;
  table(
    ['', 'median', 'min – max', 'p95'],
    [
      [...row('click -> rendered (next frame)', lat.pooled), ms(lat.pooled?.p95)],
      [...row('  Assign', lat.assign), ms(lat.assign?.p95)],
      [...row('  Unassign', lat.unassign), ms(lat.unassign?.p95)],
      [...row('  per-run medians', lat.runMedians), ''],
      [...row('click -> result in the DOM', lat.dom), ms(lat.dom?.p95)],
      [...row('  Assign', lat.domAssign), ms(lat.domAssign?.p95)],
      [...row('  Unassign', lat.domUnassign), ms(lat.domUnassign?.p95)],
    ],
    [1, 3],
  );
  console.log('Both include the loopback HTTP round trip to the sandbox, which answers at once (a new TCP connection per');
  console.log('request; the CORS preflight is cached). "rendered" adds the wait for the next animation frame (60 Hz);');
  console.log('the clicks are spread evenly over the frame interval, as real clicks are.');

  heading(`Memory after ${MEMORY_TRIPS[1]} vs ${MEMORY_TRIPS[0]} round trips (forced GC, ${plural(opts.runs, "run")})`);
  const m = s.memory;
  table(
    ['', `after ${MEMORY_TRIPS[0]}`, `after ${MEMORY_TRIPS[1]}`, 'growth (median)', 'growth min – max'],
    [
      ['JS heap (usedJSHeapSize)', mb(m.jsAt10?.median), mb(m.jsAt200?.median), signedKb(m.jsGrowth?.median), range(m.jsGrowth, signedKb)],
      ['wasm memory', mb(m.wasmAt10?.median), mb(m.wasmAt200?.median), signedKb(m.wasmGrowth?.median), range(m.wasmGrowth, signedKb)],
    ],
    [1, 2, 3],
  );
  console.log(
    m.flat == null
      ? 'verdict: not measured'
      : m.flat
        ? 'verdict: FLAT: memory does not grow with use.'
        : 'verdict: GROWS: memory grows with use (JS heap >= 64 KB or wasm > one 64 KB page over 190 round trips).',
  );

  heading(`Longest main-thread task (Chromium trace, RunTask on CrRendererMain; ${opts.runs} traced runs of their own)`);
  const t = s.tasks;
  table(
    ['traced', 'longest median', 'min – max', 'its CPU time', 'tasks > 50 ms'],
    [
      ['page load (cold + warm reload)', ms(t.load?.median), range(t.load, ms), ms(t.loadCpu?.median), String(t.over50Load)],
      [`${LATENCY_TRIPS} Assign/Unassign round trips`, ms(t.assign?.median), range(t.assign, ms), ms(t.assignCpu?.median), String(t.over50Assign)],
    ],
    [1, 3, 4],
  );
  console.log('Wall-clock durations; "its CPU time" is the thread time of the longest task (median), which is what');
  console.log('the page itself costs when the machine is busy with other work.');
  if (t.worst && t.worst.longestInside.length) {
    const cpu = t.worst.longestCpuMs != null ? `, ${ms(t.worst.longestCpuMs)} of it on the CPU` : '';
    console.log(`the longest task (${ms(t.worst.longestMs)}${cpu}, ${t.worst.phase}) spent its time in:`);
    for (const e of t.worst.longestInside) console.log(`  ${'  '.repeat(e.depth)}${e.name} ${ms(e.ms)}${e.what ? `  ${e.what}` : ''}`);
  }

  if (s.bulk) printBulk(s.bulk);

  heading(`A ${(s.bigAnswer.bytes / 1e6).toFixed(1)} MB answer (one object of ${BIG_KEYS} keys)`);
  table(
    ['', 'median', 'min – max'],
    [row('answer -> user list drawn', s.bigAnswer.ms), row('longest task meanwhile', s.bigAnswer.longestTask)],
    [1],
  );

  heading('Lighthouse (desktop preset)');
  if (!s.lighthouse) console.log('skipped');
  else {
    const L = s.lighthouse;
    const n = (x) => (x == null ? '–' : String(Math.round(x)));
    table(
      ['', 'median', 'min – max'],
      [
        row('performance', L.performance, n),
        row('accessibility', L.accessibility, n),
        row('best practices', L.bestPractices, n),
        row('FCP', L.fcp),
        row('LCP', L.lcp),
        row('TBT', L.tbt),
        row('speed index', L.speedIndex),
        row('CLS', L.cls, (x) => x.toFixed(3)),
      ],
      [1],
    );
    if (L.missing.length) console.log(`audits not at full score: ${L.missing.join('; ')}`);
    if (L.runWarnings.length) console.log(`Lighthouse warnings: ${L.runWarnings.join('; ')}`);
  }

  heading('Goals');
  table(['goal', 'measured', 'verdict'], s.goals.map((g) => [g.goal, g.value, verdict(g.pass)]));
}

function writeDoc(file, s, load, env, opts) {
  const L = s.lighthouse;
  const r = (st, f = ms) => (st ? `${f(st.median)} (${range(st, f)})` : '–');
  const n = (x) => String(Math.round(x));
  const lines = [
    '# Performance',
    '',
    `Figures from \`node scripts/bench.mjs\` (release build served by the sandbox, headless Chromium,`,
    `${plural(opts.runs, 'run')} of each browser measurement, ${plural(opts.lhRuns, 'Lighthouse run')}), ${env.date.slice(0, 10)}.`,
    'Each figure is the median, with the min – max over the runs in brackets.',
    'Regenerate with `node scripts/bench.mjs --write-doc`; see README.md, "Benchmark", for what is measured and how.',
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${env.cpu}, ${env.cores} cores |`,
    `| RAM | ${env.ramGiB} GiB |`,
    `| OS | ${env.os} |`,
    `| Chromium | ${env.chromium} |`,
    `| Node.js | ${env.node} |`,
    `| rustc | ${env.rustc} |`,
    `| Trunk | ${env.trunk} |`,
    `| wasm-bindgen | ${env.wasmBindgen} |`,
    `| wasm-opt | ${env.wasmOpt} |`,
    `| sandbox binary | \`${env.sandbox}\` |`,
    `| load | ${env.load} |`,
    `| date | ${env.date} |`,
    '',
    '## Goals',
    '',
    '| goal | measured | verdict |',
    '|---|---|---|',
    ...s.goals.map((g) => `| ${g.goal} | ${g.value} | ${verdict(g.pass)} |`),
    '',
    `## What /softphones loads (cold cache, \`Accept-Encoding: ${load.acceptEncoding}\`)`,
    '',
    '| file | served as | transferred | raw | gzip -9 | brotli 11 |',
    '|---|---|--:|--:|--:|--:|',
    ...load.files.map((f) => `| \`${f.origin === 'api' ? '[api] ' : ''}${f.path}\` | ${f.encoding} | ${kb(f.transferredBody)} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`),
    `| **total** | | ${kb(load.files.reduce((a, f) => a + (f.transferredBody ?? 0), 0))} | ${kb(load.files.reduce((a, f) => a + f.raw, 0))} | ${kb(load.files.reduce((a, f) => a + f.gzip, 0))} | ${kb(load.files.reduce((a, f) => a + f.brotli, 0))} |`,
    '',
    `"transferred" is the response body as sent; with response headers: ${r(s.transfer.withHeaders, kb)}.`,
    '',
    '## Load (ms since navigation start)',
    '',
    '| | cold | warm reload |',
    '|---|---|---|',
    `| first form usable (Assign in the DOM, enabled) | ${r(s.cold.usable)} | ${r(s.warm.usable)} |`,
    `| wasm fetch start -> instantiated | ${r(s.cold.wasmDownloadInstantiate)} | ${r(s.warm.wasmDownloadInstantiate)} |`,
    `| TrunkApplicationStarted | ${r(s.cold.started)} | ${r(s.warm.started)} |`,
    `| first contentful paint | ${r(s.cold.fcp)} | ${r(s.warm.fcp)} |`,
    '',
    `## Assign/Unassign -> result rendered (${LATENCY_TRIPS} round trips per run)`,
    '',
    'Click to the result panel showing the new outcome, plus the wait for the next animation frame (clicks spread evenly over the frame);',
    'includes the loopback HTTP round trip to the sandbox, which answers at once.',
    '',
    '| | median (min – max) | p95 |',
    '|---|---|--:|',
    `| click -> rendered (next frame) | ${r(s.latency.pooled)} | ${ms(s.latency.pooled?.p95)} |`,
    `| Assign | ${r(s.latency.assign)} | ${ms(s.latency.assign?.p95)} |`,
    `| Unassign | ${r(s.latency.unassign)} | ${ms(s.latency.unassign?.p95)} |`,
    `| click -> result in the DOM | ${r(s.latency.dom)} | ${ms(s.latency.dom?.p95)} |`,
    '',
    `## Memory after ${MEMORY_TRIPS[1]} vs ${MEMORY_TRIPS[0]} round trips (after a forced GC)`,
    '',
    `| | after ${MEMORY_TRIPS[0]} | after ${MEMORY_TRIPS[1]} | growth |`,
    '|---|--:|--:|--:|',
    `| JS heap | ${mb(s.memory.jsAt10?.median)} | ${mb(s.memory.jsAt200?.median)} | ${r(s.memory.jsGrowth, signedKb)} |`,
    `| wasm memory | ${mb(s.memory.wasmAt10?.median)} | ${mb(s.memory.wasmAt200?.median)} | ${r(s.memory.wasmGrowth, signedKb)} |`,
    '',
    `Verdict: ${s.memory.flat ? 'flat' : 'grows'}.`,
    '',
    '## Longest main-thread task',
    '',
    '| traced | longest (wall clock) | its CPU time | tasks > 50 ms |',
    '|---|---|---|--:|',
    `| page load (cold + warm reload) | ${r(s.tasks.load)} | ${r(s.tasks.loadCpu)} | ${s.tasks.over50Load} |`,
    `| ${LATENCY_TRIPS} Assign/Unassign round trips | ${r(s.tasks.assign)} | ${r(s.tasks.assignCpu)} | ${s.tasks.over50Assign} |`,
    '',
  ];
  if (s.tasks.worst && s.tasks.worst.longestInside.length) {
    const cpu = s.tasks.worst.longestCpuMs != null ? `, ${ms(s.tasks.worst.longestCpuMs)} of it on the CPU` : '';
    lines.push(`The longest task (${ms(s.tasks.worst.longestMs)}${cpu}, ${s.tasks.worst.phase}) spent its time in:`, '', '```');
    for (const e of s.tasks.worst.longestInside) lines.push(`${'  '.repeat(e.depth)}${e.name} ${ms(e.ms)}${e.what ? `  ${e.what}` : ''}`);
    lines.push('```', '');
  }
  if (s.bulk) lines.push(...docBulk(s.bulk));
  lines.push(
    `## A ${(s.bigAnswer.bytes / 1e6).toFixed(1)} MB answer (one object of ${BIG_KEYS} keys)`,
    '',
    "The demo customer's user list answered with one object of that many keys beside its data (routed in the page): from the answer's last byte to the user list drawn, and the longest main-thread task meanwhile.",
    '',
    '| | median (min – max) |',
    '|---|---|',
    `| answer -> user list drawn | ${r(s.bigAnswer.ms)} |`,
    `| longest task meanwhile | ${r(s.bigAnswer.longestTask)} |`,
    '',
  );
  lines.push('## Lighthouse (desktop preset)', '');
  if (!L) lines.push('Skipped.', '');
  else {
    lines.push(
      '| | |',
      '|---|---|',
      `| performance | ${r(L.performance, n)} |`,
      `| accessibility | ${r(L.accessibility, n)} |`,
      `| best practices | ${r(L.bestPractices, n)} |`,
      `| FCP / LCP | ${r(L.fcp)} / ${r(L.lcp)} |`,
      `| TBT | ${r(L.tbt)} |`,
      `| CLS | ${r(L.cls, (x) => x.toFixed(3))} |`,
      '',
    );
    if (L.missing.length) lines.push(`Audits not at full score: ${L.missing.map((m) => `\`${m}\``).join(', ')}.`, '');
  }
  lines.push(...MARGINS);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines.join('\n'));
  console.log(`\nwrote ${file}`);
}

// ================================================================ bulk at scale (issue 17)
//
// The bulk page (/bulk) at 1,000, 10,000 and 100,000 rows, each measured the
// same way, one after the other, on the same machine, against the sandbox
// (zero latency: it answers at once) with its bulk test customer grown to
// the size (POST /__sandbox/bulk). Per size and run, in a fresh context after
// a reset: the rows pasted with Ctrl+V (one input event, as a person's
// paste); Start the run until it has settled (the charged rows held back
// with one question); Accept the charges until settled again; then the
// result file made (a Blob). Everything in this section is the bulk page's;
// the rest of the benchmark does not read it but through `phaseBulk`,
// `summariseBulk`, `printBulk`, `docBulk` and `bulkGoals`.

const BULK = {
  customer: 'bbbbbbbb-0000-4000-8000-000000000001',
  user: (n) => `bb000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  device: (n) => `5eedbb00${String(n).padStart(24, '0')}`,
  clients: ['desktop', 'mobile', 'webrtc', 'crm'],
  // Sizes, runs of each (timed), and the sizes also run once traced (a
  // Chromium trace of a 100,000-row run would be gigabytes).
  sizes: [1000, 10000, 100000],
  runs: [3, 1, 1],
  traced: [1000, 10000],
  // Per part (paste, run, charges, file) at most: a minute plus 20 ms a row.
  timeoutMs: (rows) => 60_000 + rows * 20,
};
const BULK_GOALS = {
  // rows/s at 10,000 and at 100,000 rows, as a share of the 1,000-row figure
  linear: { 10000: 0.9, 100000: 0.8 },
  pasteMs: 1000, // paste -> row count at 100,000 rows, <
  longTaskMs: 50, // no main-thread task over this during any run
  bytesPerRow: 1024, // JS heap + wasm memory at the end, per row, <
};

/** What the sandbox answers for rows 1..n (sandbox/README.md, "Bulk test customer"). */
function bulkExpect(n) {
  const failed = Math.floor(n / 25); // 422, the role check first
  const charged = Math.floor(n / 10) - Math.floor(n / 50); // 402 unless 422
  return {
    read: `${n} rows read: ${n} ready, 0 with errors.`,
    charged,
    settled: `${n - charged} of ${n} rows finished: ${n - charged - failed} done, ${failed} failed, ${charged} not carried out because of charges`,
    accepted: `${n} of ${n} rows finished: ${n - failed} done, ${failed} failed`,
  };
}

/** The pasted text: a header and rows 1..n, client types in turn. */
function bulkSheet(n) {
  const lines = ['userId,deviceId,clientType'];
  for (let k = 1; k <= n; k++) lines.push(`${BULK.user(k)},${BULK.device(k)},${BULK.clients[(k - 1) % 4]}`);
  return lines.join('\n') + '\n';
}

/** Runs in the bulk page before its scripts, beside pageInit (which gives `__bench.memoryNow`). */
function bulkInit() {
  const S = (window.__bulk = { blob: null });
  // The result file: its Blob, when the page makes its object URL.
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function (blob) {
    S.blob = { at: performance.now(), size: blob.size, type: blob.type };
    return createObjectURL.call(this, blob);
  };
  /** After the next frame has been rendered: its rAF callbacks, then style, layout and paint, then this. */
  const afterNextFrame = () =>
    new Promise((r) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => r();
        ch.port2.postMessage(null);
      }),
    );
  /**
   * Long Tasks API entries (tasks over 50 ms, wall clock) from now until
   * stop(); null where unsupported. stop() also sets S.frames: the five
   * longest animation frames meanwhile (Long Animation Frames API), when
   * each started (ms from now), how much of it was script (and whose) and
   * how much style and layout.
   */
  const longTasks = () => {
    const seen = [];
    const frames = [];
    const t0 = performance.now();
    let po = null;
    let loaf = null;
    try {
      po = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) seen.push(e.duration);
      });
      po.observe({ type: 'longtask' });
    } catch {
      po = null;
    }
    try {
      loaf = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) frames.push(e);
      });
      loaf.observe({ type: 'long-animation-frame' });
    } catch {
      loaf = null;
    }
    return () => {
      if (loaf) {
        for (const e of loaf.takeRecords()) frames.push(e);
        loaf.disconnect();
        S.frames = frames
          .sort((a, b) => b.duration - a.duration)
          .slice(0, 5)
          .map((f) => ({
            ms: f.duration,
            at: f.startTime - t0,
            styleAndLayout: f.styleAndLayoutStart ? f.startTime + f.duration - f.styleAndLayoutStart : null,
            scripts: (f.scripts || []).map((x) => ({ ms: x.duration, invoker: x.invoker, type: x.invokerType, fn: x.sourceFunctionName })),
          }));
      }
      if (!po) return null;
      for (const e of po.takeRecords()) seen.push(e.duration);
      po.disconnect();
      return seen;
    };
  };
  const statusText = (expected) => {
    for (const e of document.querySelectorAll('[role=status]')) if (e.textContent.trim() === expected) return true;
    return false;
  };

  /**
   * Before the rows are pasted: S.pasted resolves with ms from the paste
   * event (else the first beforeinput/input) to the page saying `expected`
   * ("N rows read: ...", rowsMs) and to the first table rows in the DOM,
   * each plus the next rendered frame (firstRowsMs), and the Long Tasks
   * API's entries meanwhile.
   */
  S.armPaste = (expected, timeoutMs) => {
    let tInput = null;
    const onInput = () => {
      tInput ??= performance.now();
    };
    const events = ['paste', 'beforeinput', 'input'];
    for (const e of events) addEventListener(e, onInput, true);
    const stopLong = longTasks();
    S.pasted = new Promise((ok, fail) => {
      let rows = null;
      let first = null;
      let timer;
      const done = () => {
        observer.disconnect();
        clearTimeout(timer);
        for (const e of events) removeEventListener(e, onInput, true);
        ok({ rowsMs: rows, firstRowsMs: first, longTasks: stopLong() });
      };
      const observer = new MutationObserver(() => {
        if (tInput === null) return;
        const now = performance.now() - tInput;
        if (rows === null && statusText(expected)) {
          rows = now;
          afterNextFrame().then(() => {
            rows = performance.now() - tInput;
            if (first !== null) done();
          });
        }
        if (first === null && document.querySelector('.rows .body .row')) {
          first = now;
          afterNextFrame().then(() => {
            first = performance.now() - tInput;
            if (rows !== null) done();
          });
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      timer = setTimeout(() => {
        observer.disconnect();
        fail(new Error(`the pasted rows were not read within ${timeoutMs / 1000} s (want "${expected}")`));
      }, timeoutMs);
    });
    S.pasted.catch(() => {});
  };

  /**
   * Clicks the button labelled `label` (exactly, else the first whose label
   * starts with it) and waits until the run has settled: the status line
   * (.progress [role=status]) has changed and reads "N of TOTAL rows
   * finished: ..." with N + the rows held back by charges = TOTAL and no
   * pace ("; x rows/s"). Returns ms from the click to after the next
   * rendered frame, that line, and the Long Tasks API's entries meanwhile.
   */
  S.run = async (label, total, timeoutMs) => {
    const find = () => {
      const buttons = [...document.querySelectorAll('button')];
      return buttons.find((b) => b.textContent.trim() === label) || buttons.find((b) => b.textContent.trim().startsWith(label));
    };
    // The charge question's Confirm is enabled a moment after it is shown.
    let button = find();
    for (let i = 0; i < 200 && (!button || button.disabled); i++) {
      await new Promise((r) => setTimeout(r, 50));
      button = find();
    }
    if (!button || button.disabled) throw new Error(`no enabled button "${label}" on the page`);
    const statusLine = () => document.querySelector('.progress [role=status]');
    const before = statusLine() ? statusLine().textContent.trim() : null;
    const title = document.getElementById('bulk-title');
    const scope = (title && title.closest('section')) || document.body;
    let last = before;
    let observer;
    let timer;
    const settled = new Promise((ok, fail) => {
      observer = new MutationObserver(() => {
        const el = statusLine();
        if (!el) return;
        const text = el.textContent.trim();
        if (text === last) return;
        last = text;
        const m = text.match(/^(\d+) of (\d+) rows? finished/);
        if (!m || Number(m[2]) !== total || text === before || text.includes(';')) return;
        const held = text.match(/(\d+) not carried out because of charges/);
        if (Number(m[1]) + (held ? Number(held[1]) : 0) === total) ok(text);
      });
      observer.observe(scope, { childList: true, subtree: true, characterData: true });
      timer = setTimeout(
        () => fail(new Error(`"${label}": the run did not settle within ${timeoutMs / 1000} s; the status line reads: ${last}`)),
        timeoutMs,
      );
    });
    const stopLong = longTasks();
    performance.mark('bench-bulk-start');
    const t0 = performance.now();
    button.click();
    let text;
    try {
      text = await settled;
    } finally {
      observer.disconnect();
      clearTimeout(timer);
    }
    await afterNextFrame();
    const t1 = performance.now();
    performance.mark('bench-bulk-settled');
    const long = stopLong();
    return { ms: t1 - t0, text, longTasks: long, frames: S.frames ?? null };
  };

  /** Clicks "Download the result (CSV)": ms to the Blob's object URL, and its size. */
  S.file = async (timeoutMs) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Download the result (CSV)');
    if (!button) throw new Error('no "Download the result (CSV)" button');
    S.blob = null;
    const stopLong = longTasks();
    const t0 = performance.now();
    button.click();
    const deadline = t0 + timeoutMs;
    while (!S.blob && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    if (!S.blob) throw new Error(`no result file within ${timeoutMs / 1000} s`);
    return { ms: S.blob.at - t0, bytes: S.blob.size, longTasks: stopLong() };
  };
}

/** The bulk page with the customer and the token filled in (the customer look-ups done). */
async function openBulk(browser, sandbox) {
  const { context, page } = await newPage(browser);
  await context.addInitScript(bulkInit);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sandbox.site });
  await page.goto(`${sandbox.site}/bulk`);
  await page.getByRole('heading', { name: 'Bulk assignment' }).waitFor();
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(BULK.customer);
  await page.getByLabel('Bearer token').fill(DEMO.token);
  await page.waitForTimeout(500);
  return { context, page };
}

/** JS heap and wasm memory now, after a forced GC. */
async function bulkMemory(cdp, page) {
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  return page.evaluate(() => window.__bench.memoryNow());
}

/** The main thread's busy time so far (CDP Performance metrics), in ms. */
async function busyMs(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const task = metrics.find((m) => m.name === 'TaskDuration');
  return task ? task.value * 1000 : null;
}

/**
 * One run at `rows` rows: paste, run, charges, file; `trace` (a name): the
 * run and the charges traced, with their longest main-thread task.
 */
async function bulkRunOnce(browser, sandbox, rows, sheet, trace) {
  const want = bulkExpect(rows);
  const timeout = BULK.timeoutMs(rows);
  await resetSandbox(sandbox.api);
  const size = await fetch(`${sandbox.api}/__sandbox/bulk`, {
    method: 'POST',
    // The control routes' header and content type (sandbox/README.md).
    headers: { 'x-sandbox-control': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ users: rows }),
  });
  if (!size.ok) throw new Error(`sandbox: the bulk customer could not be given ${rows} users (${size.status})`);
  const { context, page } = await openBulk(browser, sandbox);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await bulkMemory(cdp, page);
    // A paste as a person does it (Ctrl+V): one input event with all the
    // rows. (Playwright's fill() would insert the text line by line.)
    await page.getByLabel('Or paste the rows').focus();
    await page.evaluate((text) => navigator.clipboard.writeText(text), sheet);
    await page.evaluate((args) => window.__bulk.armPaste(...args), [want.read, timeout]);
    await page.keyboard.press('ControlOrMeta+V');
    const paste = await page.evaluate(() => window.__bulk.pasted);
    const limit = await page.getByLabel('Requests at a time').inputValue().catch(() => null);
    const part = async (name, label) => {
      if (trace) await browser.startTracing(page, { categories: [...TRACE_CATEGORIES, 'blink.user_timing'] });
      const busy0 = await busyMs(cdp);
      let result;
      let buffer = null;
      try {
        result = await page.evaluate((args) => window.__bulk.run(...args), [label, rows, timeout]);
      } finally {
        if (trace) buffer = await browser.stopTracing().catch(() => null);
      }
      const busy1 = await busyMs(cdp);
      const tasks = buffer ? traceTasks(buffer, `${trace}-${name}`, sandbox.site, ['bench-bulk-start', 'bench-bulk-settled']) : null;
      return { ...result, busyShare: busy0 != null && busy1 != null ? (busy1 - busy0) / result.ms : null, tasks };
    };
    const run = await part('run', 'Start the run');
    const charges = await part('charges', 'Accept the charges and send');
    const file = trace ? null : await page.evaluate((t) => window.__bulk.file(t), timeout);
    const after = trace ? null : await bulkMemory(cdp, page);
    return { rows, limit, want, paste, run, charges, file, before, after };
  } finally {
    await context.close();
  }
}

/** Every size: its timed runs, then its traced one (if any). */
async function phaseBulk(browser, sandbox, opts) {
  const out = { sizes: [] };
  for (const [i, rows] of opts.bulkSizes.entries()) {
    const runs = opts.bulkRuns[i] ?? 1;
    const sheet = bulkSheet(rows);
    const size = { rows, timed: [], traced: [] };
    for (let r = 0; r < runs; r++) {
      console.log(`  ${rows} rows, run ${r + 1} of ${runs}…`);
      size.timed.push(await bulkRunOnce(browser, sandbox, rows, sheet, null));
    }
    if (BULK.traced.includes(rows)) {
      console.log(`  ${rows} rows, traced…`);
      size.traced.push(await bulkRunOnce(browser, sandbox, rows, sheet, `bulk-${rows}`));
    }
    out.sizes.push(size);
  }
  return out;
}

/** The figures of each size, and the goals. */
function summariseBulk(bulk) {
  const sizes = bulk.sizes.map((z) => {
    const T = z.timed;
    const st = (f) => stats(T.map(f));
    const traced = z.traced.flatMap((x) => [x.run.tasks, x.charges.tasks]).filter(Boolean);
    const long = T.flatMap((x) => [x.run.longTasks, x.charges.longTasks]).filter(Boolean);
    const perRow = (x) => (x.after && x.before ? (x.after.jsHeap + x.after.wasm - x.before.jsHeap - x.before.wasm) / z.rows : null);
    const worst = z.traced
      .flatMap((x) => ['run', 'charges'].map((p) => (x[p].tasks ? { phase: `bulk ${p}, ${z.rows} rows`, ...x[p].tasks } : null)))
      .filter((t) => t && t.longestMs != null)
      .reduce((a, t) => (!a || t.longestMs > a.longestMs ? t : a), null);
    return {
      rows: z.rows,
      runs: T.length,
      limit: T[0]?.limit ?? null,
      want: T[0]?.want ?? bulkExpect(z.rows),
      pasteRows: st((x) => x.paste.rowsMs),
      pasteFirst: st((x) => x.paste.firstRowsMs),
      pasteLong: T.flatMap((x) => x.paste.longTasks || []),
      runMs: st((x) => x.run.ms),
      rowsPerS: st((x) => z.rows / (x.run.ms / 1000)),
      chargesMs: st((x) => x.charges.ms),
      busy: st((x) => x.run.busyShare),
      busyCharges: st((x) => x.charges.busyShare),
      // Long Tasks API in the timed runs (run and charges): every task over 50 ms
      longTasks: long.length ? long.flat() : null,
      // Traced: the longest task of all, exactly
      tracedLongest: traced.length ? Math.max(...traced.map((t) => t.longestMs ?? 0)) : null,
      tracedLongestCpu: worst ? worst.longestCpuMs : null,
      tracedOver50: traced.reduce((a, t) => a + t.over50, 0),
      tracedBusy: stats(traced.map((t) => (t.windowMs ? t.busyMs / t.windowMs : null))),
      worst,
      jsHeap: st((x) => x.after?.jsHeap),
      wasm: st((x) => x.after?.wasm),
      perRow: st(perRow),
      fileMs: st((x) => x.file?.ms),
      fileBytes: st((x) => x.file?.bytes),
      fileLong: T.flatMap((x) => (x.file && x.file.longTasks) || []),
      unexpected: [
        ...new Set(
          [...T, ...z.traced].flatMap((x) => [
            x.run.text !== x.want.settled ? x.run.text : null,
            x.charges.text !== x.want.accepted ? x.charges.text : null,
          ]),
        ),
      ].filter(Boolean),
    };
  });
  const at = (n) => sizes.find((z) => z.rows === n);
  const base = at(1000)?.rowsPerS?.median ?? null;
  for (const z of sizes) z.linear = base && z.rowsPerS ? z.rowsPerS.median / base : null;
  return { sizes, base };
}

/** The longest task of a size: the traced runs' (exact) if any, else the Long Tasks API's (over 50 ms only). */
function bulkLongest(z) {
  const api = z.longTasks == null ? null : z.longTasks.length ? Math.max(...z.longTasks) : 0;
  if (z.tracedLongest != null) return { ms: Math.max(z.tracedLongest, api ?? 0), exact: true, over: z.tracedOver50 + (z.longTasks?.length ?? 0) };
  return { ms: api, exact: false, over: z.longTasks?.length ?? null };
}

const longText = (l) =>
  l.ms == null ? '–' : l.exact ? `longest ${ms(l.ms)}, ${l.over} over` : l.over ? `${l.over} over 50 ms, longest ${ms(l.ms)}` : 'none over 50 ms (Long Tasks API)';

function bulkGoals(B) {
  const goals = [];
  for (const z of B.sizes) {
    const share = BULK_GOALS.linear[z.rows];
    if (share)
      goals.push({
        goal: `bulk: rows/s at ${z.rows} rows >= ${share * 100} % of the 1000-row figure`,
        value: z.linear != null ? `${rate(z.rowsPerS.median)}, ${pct(z.linear)} of ${rate(B.base)}` : '–',
        pass: z.linear != null ? z.linear >= share : null,
      });
  }
  const big = B.sizes.find((z) => z.rows === 100000);
  goals.push({
    goal: `bulk: paste -> row count < ${BULK_GOALS.pasteMs / 1000} s at 100000 rows`,
    value: big?.pasteRows ? secs(big.pasteRows.median) : 'not measured',
    pass: big?.pasteRows ? big.pasteRows.median < BULK_GOALS.pasteMs : null,
  });
  const longs = B.sizes.map((z) => ({ z, l: bulkLongest(z) }));
  goals.push({
    goal: `bulk: no main-thread task over ${BULK_GOALS.longTaskMs} ms during any run (${B.sizes.map((z) => z.rows).join(', ')} rows)`,
    value: longs.map(({ z, l }) => `${z.rows}: ${longText(l)}`).join('; '),
    pass: longs.every(({ l }) => l.ms != null) ? longs.every(({ l }) => l.ms <= BULK_GOALS.longTaskMs) : null,
  });
  goals.push({
    goal: `bulk: memory under ${BULK_GOALS.bytesPerRow} bytes per row (JS heap + wasm at the end)`,
    value: B.sizes.map((z) => `${z.rows}: ${z.perRow ? `${z.perRow.median.toFixed(0)} B` : '–'}`).join('; '),
    pass: B.sizes.every((z) => z.perRow) ? B.sizes.every((z) => z.perRow.median < BULK_GOALS.bytesPerRow) : null,
  });
  return goals;
}

function printBulk(B) {
  const cell = (st, f) => (st ? `${f(st.median)} (${range(st, f)})` : '–');
  heading(`Bulk at scale: ${B.sizes.map((z) => `${z.rows} rows x ${plural(z.runs, 'run')}`).join(', ')} (${B.sizes[0]?.limit ?? '?'} requests at a time)`);
  table(
    ['', ...B.sizes.map((z) => `${z.rows} rows`)],
    [
      ['paste -> row count', ...B.sizes.map((z) => cell(z.pasteRows, ms))],
      ['paste -> first rows on screen', ...B.sizes.map((z) => cell(z.pasteFirst, ms))],
      ['Start -> settled', ...B.sizes.map((z) => cell(z.runMs, secs))],
      ['rows per second', ...B.sizes.map((z) => cell(z.rowsPerS, rate))],
      ['  of the 1000-row figure', ...B.sizes.map((z) => pct(z.linear))],
      ['accept the charges -> settled', ...B.sizes.map((z) => cell(z.chargesMs, secs))],
      ['main thread busy (run)', ...B.sizes.map((z) => cell(z.busy, pct))],
      ['longest task during the runs', ...B.sizes.map((z) => longText(bulkLongest(z)))],
      ['JS heap at the end', ...B.sizes.map((z) => cell(z.jsHeap, mb))],
      ['wasm memory at the end', ...B.sizes.map((z) => cell(z.wasm, mb))],
      ['memory per row', ...B.sizes.map((z) => (z.perRow ? `${z.perRow.median.toFixed(0)} B` : '–'))],
      ['result file', ...B.sizes.map((z) => cell(z.fileBytes, mb))],
      ['  made in', ...B.sizes.map((z) => cell(z.fileMs, ms))],
    ],
  );
  for (const z of B.sizes) {
    if (z.unexpected.length) console.log(`WARNING: a ${z.rows}-row run settled otherwise: ${z.unexpected.map((t) => `"${t}"`).join('; ')}`);
    const w = z.worst;
    if (!w || !w.longestInside.length) continue;
    const cpu = w.longestCpuMs != null ? `, ${ms(w.longestCpuMs)} of it on the CPU` : '';
    console.log(`the longest task of the traced ${z.rows}-row run (${ms(w.longestMs)}${cpu}, ${w.phase}) spent its time in:`);
    for (const e of w.longestInside) console.log(`  ${'  '.repeat(e.depth)}${e.name} ${ms(e.ms)}${e.what ? `  ${e.what}` : ''}`);
  }
}

/** The document's section. */
function docBulk(B) {
  const r = (st, f = ms) => (st ? `${f(st.median)} (${range(st, f)})` : '–');
  const head = B.sizes.map((z) => `${z.rows} rows`);
  const lines = [
    '## Bulk assignment at 1,000, 10,000 and 100,000 rows',
    '',
    "The bulk page (`/bulk`) with the sandbox's bulk test customer grown to the size (`POST /__sandbox/bulk`): rows",
    '1..N pasted (`userId,deviceId,clientType`, user n with its own device) with Ctrl+V, then **Start the run**,',
    `${B.sizes[0]?.limit ?? '?'} requests at a time (the page's default), against the sandbox answering at once (each request on a`,
    'connection of its own, with its CORS preflight: every row has a URL of its own). Every 25th user answers 422 and',
    'every 10th device 402: the run has settled when only those 402 rows are left, held back with one question; then',
    'the charges are accepted and they go again. Then the result file is made. Each size in fresh contexts after a',
    `sandbox reset, ${B.sizes.map((z) => `${z.rows} rows ${plural(z.runs, 'time')}`).join(', ')}; median (min – max).`,
    '',
    `| | ${head.join(' | ')} |`,
    `|---|${head.map(() => '---').join('|')}|`,
    `| paste -> row count ("N rows read") | ${B.sizes.map((z) => r(z.pasteRows)).join(' | ')} |`,
    `| paste -> first rows on screen | ${B.sizes.map((z) => r(z.pasteFirst)).join(' | ')} |`,
    `| Start -> settled | ${B.sizes.map((z) => r(z.runMs, secs)).join(' | ')} |`,
    `| rows per second | ${B.sizes.map((z) => r(z.rowsPerS, rate)).join(' | ')} |`,
    `| rows per second, share of the 1,000-row figure | ${B.sizes.map((z) => pct(z.linear)).join(' | ')} |`,
    `| accept the charges -> settled | ${B.sizes.map((z) => r(z.chargesMs, secs)).join(' | ')} |`,
    `| main thread busy during the run | ${B.sizes.map((z) => r(z.busy, pct)).join(' | ')} |`,
    `| longest main-thread task during the runs | ${B.sizes.map((z) => longText(bulkLongest(z))).join(' | ')} |`,
    `| JS heap at the end (after GC) | ${B.sizes.map((z) => r(z.jsHeap, mb)).join(' | ')} |`,
    `| wasm memory at the end | ${B.sizes.map((z) => r(z.wasm, mb)).join(' | ')} |`,
    `| memory per row (both, less the empty page) | ${B.sizes.map((z) => (z.perRow ? `${z.perRow.median.toFixed(0)} B` : '–')).join(' | ')} |`,
    `| result file | ${B.sizes.map((z) => r(z.fileBytes, mb)).join(' | ')} |`,
    `| result file made in (click -> Blob URL) | ${B.sizes.map((z) => r(z.fileMs)).join(' | ')} |`,
    '',
    'Busy: the main thread\'s task time (CDP `Performance.getMetrics`, `TaskDuration`) over the wall-clock time of the',
    'run. Longest task: exact from a traced run where there is one (1,000 and 10,000 rows), else the Long Tasks API',
    "of the timed runs, which reports every task over 50 ms and so says whether the goal holds, not the longest below it.",
    'Memory: `usedJSHeapSize` plus the wasm memory after a forced GC, at the end less before the paste, per row.',
    '',
  ];
  for (const z of B.sizes) {
    if (z.unexpected.length) lines.push(`**A ${z.rows}-row run settled otherwise:** ${z.unexpected.map((t) => `"${t}"`).join('; ')}.`, '');
    const w = z.worst;
    if (!w || !w.longestInside.length) continue;
    const cpu = w.longestCpuMs != null ? `, ${ms(w.longestCpuMs)} of it on the CPU` : '';
    lines.push(`The longest task of the traced ${z.rows}-row run (${ms(w.longestMs)}${cpu}, ${w.phase}) spent its time in:`, '', '```');
    for (const e of w.longestInside) lines.push(`${'  '.repeat(e.depth)}${e.name} ${ms(e.ms)}${e.what ? `  ${e.what}` : ''}`);
    lines.push('```', '');
  }
  lines.push(...BULK_MARGINS, '');
  return lines;
}

/** Under the bulk figures: what they hide, and what stands in the way where a goal is missed. */
const BULK_MARGINS = [
  '### What the bulk figures hide, and what stands in the way',
  '',
  '- **Rows per second** are the sandbox\'s and Chromium\'s as much as the page\'s: each row is two requests (the',
  '  preflight and the PUT), each on a new loopback connection, through Chromium\'s network service, on a 2-core',
  '  machine shared by the browser, the sandbox and the page. The page\'s own work per row is constant (queue,',
  '  answer, counts, the cells on screen), so the figure holds as the rows grow; what lowers it at 100,000 rows is',
  '  the machine (its load is printed above) more than the page.',
  '- **Paste to row count** is mostly Chromium putting 6.5 MB of text into the text area and handing it to the',
  '  page, then one pass of reading and checking; the first rows follow a frame later (only those on screen are',
  '  drawn).',
  '- **Memory** counts what the page holds: the pasted text (about 65 bytes a row), the checked sheet, the run\'s',
  '  states and the table window; wasm memory does not shrink, so the peak of the paste counts.',
];

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  traceDir = opts.traceDir;
  const dist = opts.dist ?? join(ROOT, 'dist');

  if (opts.build) {
    await run('trunk', ['build', '--release', ...(opts.dist ? ['--dist', dist] : [])]);
    if (!opts.sandbox) await run('cargo', ['build', '-p', 'sandbox', '--release']);
  }
  let sandboxBin = opts.sandbox;
  if (!sandboxBin) {
    const release = join(targetDir(), 'release', 'switchboard-sandbox');
    const debug = join(targetDir(), 'debug', 'switchboard-sandbox');
    sandboxBin = opts.build || existsSync(release) ? release : debug;
  }
  if (!existsSync(sandboxBin)) throw new BenchError(`sandbox binary missing: ${sandboxBin} (run without --no-build, or pass --sandbox BIN)`);
  if (!existsSync(join(dist, 'index.html'))) throw new BenchError(`${dist} has no index.html: build first (run without --no-build)`);
  if (!existsSync(CHROMIUM)) throw new BenchError(`Chromium missing: ${CHROMIUM} (scripts/setup.sh installs it)`);

  // Other work on the machine lengthens every wall-clock figure: say how busy it was.
  const loadAtStart = loadavg()[0];
  const sandbox = await startSandbox(sandboxBin, dist);
  console.log(`sandbox: ${sandboxBin}\n  site ${sandbox.site}  api ${sandbox.api}\ndist: ${dist}\nruns: ${opts.runs}, Lighthouse runs: ${opts.lhRuns}`);

  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS, '--enable-precise-memory-info'],
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  live.browser = browser;
  const browserVersion = `Chromium ${browser.version()}`;
  // One load that is not measured: a browser that has just started is still
  // starting processes of its own, which a person's browser is not.
  {
    const { context, page } = await newPage(browser);
    await page.goto(`${sandbox.site}/softphones`);
    await waitUsable(page);
    await context.close();
  }

  console.log('\nmeasuring page loads…');
  const load = await phaseLoad(browser, sandbox, opts.runs);
  console.log('measuring Assign/Unassign round trips…');
  const latency = await phaseLatency(browser, sandbox, opts.runs);
  console.log('tracing page loads and round trips…');
  const traces = await phaseTrace(browser, sandbox, opts.runs);
  console.log('measuring memory…');
  const memory = await phaseMemory(browser, sandbox, opts.runs);
  if (opts.bulkSizes.length) console.log(`measuring the bulk page (${opts.bulkSizes.join(', ')} rows)…`);
  const bulk = await phaseBulk(browser, sandbox, opts);
  console.log(`measuring a ${BIG_KEYS}-key answer…`);
  const bigAnswer = await phaseBigAnswer(browser, sandbox, Math.min(opts.runs, 3));
  await browser.close();
  live.browser = null;
  let lh = [];
  if (opts.lhRuns > 0) {
    console.log('running Lighthouse…');
    lh = await phaseLighthouse(sandbox, opts.lhRuns);
  }

  const s = summarise(load, latency, memory, traces, lh, bulk);
  s.bigAnswer = {
    bytes: bigAnswer.bytes,
    ms: stats(bigAnswer.runs.map((r) => r.ms)),
    longestTask: stats(bigAnswer.runs.map((r) => r.longestTask)),
  };
  print(s, load, opts);

  const env = {
    ...machine(browserVersion),
    sandbox: relative(ROOT, sandboxBin).startsWith('..') ? sandboxBin : relative(ROOT, sandboxBin),
    load: `${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (1-minute load average, the benchmark's own processes included)`,
  };
  console.log(`\nmachine load: ${env.load}`);
  if (opts.json) {
    mkdirSync(dirname(opts.json), { recursive: true });
    writeFileSync(
      opts.json,
      JSON.stringify(
        {
          env,
          options: { runs: opts.runs, lighthouseRuns: opts.lhRuns, dist, sandbox: sandboxBin, latencyTrips: LATENCY_TRIPS, memoryTrips: MEMORY_TRIPS, bulkSizes: opts.bulkSizes, bulkRuns: opts.bulkRuns, bulkRequestsAtATime: s.bulk?.sizes[0]?.limit ?? null },
          goals: s.goals,
          summary: s,
          raw: { transfer: { acceptEncoding: load.acceptEncoding, files: load.files, perRun: load.transfer }, load: { cold: load.cold, warm: load.warm }, latencyMs: latency, memory, traces, bulk, bigAnswer, lighthouse: lh },
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwrote ${opts.json}`);
  }
  if (opts.doc) writeDoc(opts.doc, s, load, env, opts);
}

let exitCode = 0;
try {
  await main();
} catch (e) {
  // After Ctrl-C the browser closes under the measurement: not a failure to report.
  if (!interrupted) console.error(`\nbench failed: ${e instanceof BenchError ? e.message : (e && e.stack) || e}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
