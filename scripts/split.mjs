// Splits the wasm into a main module and chunks loaded on demand (the Mobile
// config page, `src/features/telecomx`), after Trunk's build. Trunk 0.21 has
// no hook between cargo and wasm-bindgen, and the splitter must run there:
// it reads the linker's relocations (build.rs asks for them) and the
// `__wasm_bindgen_unstable` section that wasm-bindgen consumes. So this
// script takes cargo's wasm again and redoes what Trunk did after cargo:
//
//   cargo's wasm -> wasm-split-cli -> main module + chunks + __wasm_split.js
//   main module  -> wasm-bindgen (--keep-lld-exports: the chunks need the
//                   function table) -> JS glue + _bg.wasm
//   release only -> wasm-opt (WASM_OPT below) on the main module and each chunk
//
// and writes the results under the names Trunk chose (its glue and wasm are
// replaced; index.html gets their new integrity hashes). Chunks and the
// loader get content-hashed names (`split_mobile_config-<hash>.wasm`,
// `__wasm_split-<hash>.js`) so servers may cache them for a year like
// Trunk's files, and index.html preloads the loader, which the glue imports.
// Trunk's own wasm-opt is off (index.html): it would only optimise the
// unsplit module thrown away here.
//
// Run by scripts/post-build.mjs on every build (an unsplit module imports
// `__wasm_split_placeholder__` and cannot start), before short-imports.mjs.
import { createHash } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// What Trunk's wasm-opt did before (`-Oz` then index.html's
// data-wasm-opt-params), now applied to each module: flatten, re-loop and
// -Oz twice, without the producers and target features sections (browsers
// do not read them). --low-memory-unused: Rust's data starts at 1 MB and its
// stack grows down from there, so no address computation wraps into the low
// 1 KB; binaryen may then fold added constants into load/store offsets.
// Measured: 128.2 -> 127.3 KB brotli wasm, then 124.7 -> 123.9 KB
// (docs/decisions.md, Size).
export const WASM_OPT = [
  '-Oz',
  '--low-memory-unused',
  '--flatten',
  '--rereloop',
  '-Oz',
  '-Oz',
  '--strip-producers',
  '--strip-target-features',
];

const toml = (key) => readFileSync(join(root, 'Trunk.toml'), 'utf8').match(new RegExp(`^${key} *= *"(.*)"`, 'm'))?.[1];
const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
const shortHash = (data) => createHash('sha256').update(data).digest('hex').slice(0, 16);

/**
 * The tool `name` from PATH, checked to be the version `want` (a substring of
 * its --version) unless `want` is null (wasm-split-cli has no --version;
 * scripts/setup.sh checks its version).
 */
function tool(name, want) {
  let version;
  try {
    version = execFileSync(name, [want ? '--version' : '--help'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`split: ${name} not found on PATH (scripts/setup.sh installs it)`);
  }
  if (want && !version.includes(want)) {
    throw new Error(`split: ${name} is "${version}", Trunk.toml pins ${want} (scripts/setup.sh)`);
  }
  return name;
}

function cargoTargetDir() {
  const meta = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }),
  );
  return meta.target_directory;
}

/** Replaces every `before` (at least one) with `after`. */
function replaceAll(text, before, after, what) {
  const parts = text.split(before);
  if (parts.length < 2) throw new Error(`split: ${what}: ${before} not found`);
  return parts.join(after);
}

function replaceOnce(text, before, after, what) {
  const parts = text.split(before);
  if (parts.length !== 2) throw new Error(`split: ${what}: ${before} found ${parts.length - 1} times`);
  return parts.join(after);
}

/**
 * Splits the build staged in `dir`. `release` also runs wasm-opt. Returns
 * what was written: `{ main, chunks: [names], loader }`.
 */
export async function splitWasm(dir, { release, publicUrl = '/' }) {
  const staged = readdirSync(dir).filter((f) => f.endsWith('_bg.wasm'));
  if (staged.length !== 1) throw new Error(`split: ${staged.length} _bg.wasm files in ${dir}`);
  const stem = staged[0].replace(/_bg\.wasm$/, ''); // switchboard-<hash>
  const crate = stem.replace(/-[0-9a-f]+$/, ''); // switchboard
  const wasmFile = join(dir, `${stem}_bg.wasm`);
  const jsFile = join(dir, `${stem}.js`);
  const htmlFile = join(dir, 'index.html');

  const input = join(cargoTargetDir(), 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${crate}.wasm`);
  if (!existsSync(input)) throw new Error(`split: cargo's ${input} not found`);
  const splitter = tool('wasm-split-cli', null);
  const bindgen = tool('wasm-bindgen', ` ${toml('wasm_bindgen')}`);
  const opt = release ? tool('wasm-opt', `(${toml('wasm_opt')})`) : null;

  const tmp = mkdtempSync(join(tmpdir(), 'switchboard-split-'));
  try {
    // 1. Split. The loader imports `initSync` from `./<stem>.js`: the glue's
    //    name in dist.
    const splitDir = join(tmp, 'split');
    await run(splitter, ['--out-name', stem, input, splitDir]);
    const chunkFiles = readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`);
    let loader = readFileSync(join(splitDir, '__wasm_split.js'), 'utf8');

    // 2. wasm-bindgen on the main module, as Trunk calls it (its out-name is
    //    the crate's, the files are renamed after).
    const bgDir = join(tmp, 'bg');
    await run(bindgen, [
      '--target=web',
      `--out-dir=${bgDir}`,
      `--out-name=${crate}`,
      '--no-typescript',
      '--keep-lld-exports',
      join(splitDir, `${stem}.wasm`),
    ]);
    let js = readFileSync(join(bgDir, `${crate}.js`), 'utf8');

    // 3. wasm-opt, each module on its own (in parallel).
    const modules = [join(bgDir, `${crate}_bg.wasm`), ...chunkFiles.map((f) => join(splitDir, f))];
    if (opt) {
      await Promise.all(modules.map((m) => run(opt, [m, ...WASM_OPT, `--output=${m}`])));
    }

    // 4. Content-hashed names for the chunks (in the loader) and the loader
    //    (in the glue's import).
    const written = { main: `${stem}_bg.wasm`, chunks: [], loader: null };
    for (const f of chunkFiles) {
      const data = readFileSync(join(splitDir, f));
      const name = `${basename(f, '.wasm')}-${shortHash(data)}.wasm`;
      loader = replaceOnce(loader, `"./${f}"`, `"./${name}"`, 'loader');
      writeFileSync(join(dir, name), data);
      written.chunks.push(name);
    }
    const loaderName = `__wasm_split-${shortHash(loader)}.js`;
    // One import per split point.
    js = replaceAll(js, ' from "./__wasm_split.js"', ` from "./${loaderName}"`, 'glue');
    writeFileSync(join(dir, loaderName), loader);
    written.loader = loaderName;

    // 5. Main module and glue under Trunk's names; index.html gets their
    //    integrity and a preload of the loader (the glue imports it, so it
    //    is fetched at start-up either way: this starts it sooner).
    const mainWasm = readFileSync(modules[0]);
    let html = readFileSync(htmlFile, 'utf8');
    html = replaceOnce(html, sri(readFileSync(wasmFile)), sri(mainWasm), 'index.html wasm integrity');
    html = replaceOnce(html, sri(readFileSync(jsFile)), sri(js), 'index.html glue integrity');
    const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
    const preload = new RegExp(`<link [^>]*href="?${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${stem}\\.js"?[^>]*>`);
    const glueLink = html.match(preload);
    if (!glueLink) throw new Error(`split: no modulepreload of ${stem}.js in index.html`);
    html = html.replace(
      glueLink[0],
      `${glueLink[0]}<link crossorigin href="${base}${loaderName}" integrity="${sri(loader)}" rel="modulepreload">`,
    );
    writeFileSync(wasmFile, mainWasm);
    writeFileSync(jsFile, js);
    writeFileSync(htmlFile, html);
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
