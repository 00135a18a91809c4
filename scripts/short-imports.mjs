// Shortens the names under which the wasm imports its JS glue functions.
// wasm-bindgen names each one `__wbg_<name>_<16 hex digits>` from the module
// `./<crate>_bg.js`; the hashes do not compress, and the 140-odd names cost
// about 2 KB of brotli-compressed wasm (docs/decisions.md, Size). Here each
// import becomes `a`, `b`, ... of module `a`, in the wasm and in the glue's
// import object alike; the exports the glue reads (`wasm.<name>`, closure
// invokers with hashes too) become `ea`, `eb`, ...; and index.html gets the
// new integrity hashes. The exports the split loader (`__wasm_split-*.js`,
// scripts/split.mjs) hands to the chunks keep their names: the chunks import
// them by name.
// Run by scripts/post-build.mjs on release builds, or by hand:
// node scripts/short-imports.mjs DIR
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function uleb(bytes, pos) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, pos];
}

function encodeUleb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

const name = (s) => Buffer.concat([encodeUleb(Buffer.byteLength(s)), Buffer.from(s)]);

// Skips one import descriptor (function, table, memory, global, tag).
function skipDescriptor(bytes, pos) {
  const kind = bytes[pos++];
  const limits = () => {
    const flags = bytes[pos++];
    [, pos] = uleb(bytes, pos);
    if (flags & 1) [, pos] = uleb(bytes, pos);
  };
  if (kind === 0) [, pos] = uleb(bytes, pos);
  else if (kind === 1) {
    pos++; // reference type
    limits();
  } else if (kind === 2) limits();
  else if (kind === 3) pos += 2; // value type, mutability
  else if (kind === 4) {
    pos++;
    [, pos] = uleb(bytes, pos);
  } else throw new Error(`short-imports: unknown import kind ${kind}`);
  return pos;
}

// a, b, ..., z, aa, ab, ...: valid property names, quoted or not.
function shortName(i) {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}

/**
 * Rewrites `wasmBytes` and `js`; returns both, or throws if the glue does not
 * look as expected. Exports named in `keep` keep their names.
 */
export function shortenImports(wasmBytes, js, keep = new Set()) {
  const out = [wasmBytes.subarray(0, 8)];
  let pos = 8;
  const renamed = new Map();
  let glueModule = null;
  let exportSection = null;
  while (pos < wasmBytes.length) {
    const sectionStart = pos;
    const id = wasmBytes[pos++];
    let size;
    [size, pos] = uleb(wasmBytes, pos);
    const end = pos + size;
    if (id === 7) {
      exportSection = { at: out.length, body: wasmBytes.subarray(pos, end) };
      out.push(null);
      pos = end;
      continue;
    }
    if (id !== 2) {
      out.push(wasmBytes.subarray(sectionStart, end));
      pos = end;
      continue;
    }
    let count;
    [count, pos] = uleb(wasmBytes, pos);
    const entries = [encodeUleb(count)];
    for (let i = 0; i < count; i++) {
      let len;
      [len, pos] = uleb(wasmBytes, pos);
      const module = wasmBytes.toString('utf8', pos, pos + len);
      pos += len;
      [len, pos] = uleb(wasmBytes, pos);
      const field = wasmBytes.toString('utf8', pos, pos + len);
      pos += len;
      const start = pos;
      pos = skipDescriptor(wasmBytes, pos);
      const descriptor = wasmBytes.subarray(start, pos);
      if (!module.endsWith('_bg.js')) {
        entries.push(name(module), name(field), descriptor);
        continue;
      }
      if (glueModule !== null && glueModule !== module) {
        throw new Error(`short-imports: two glue modules, ${glueModule} and ${module}`);
      }
      glueModule = module;
      if (renamed.has(field)) throw new Error(`short-imports: ${field} imported twice`);
      const short = shortName(renamed.size);
      renamed.set(field, short);
      entries.push(name('a'), name(short), descriptor);
    }
    if (pos !== end) throw new Error('short-imports: import section not read to its end');
    const body = Buffer.concat(entries);
    out.push(Buffer.from([2]), encodeUleb(body.length), body);
  }
  if (glueModule === null) throw new Error('short-imports: no imports from the JS glue');

  // In the glue: `        <field>: function(` once per import, and
  // `"<module>": import0` once.
  let rewritten = js;
  for (const [field, short] of renamed) {
    const key = new RegExp(`^(\\s+)${field}: function\\b`, 'gm');
    const hits = rewritten.match(key)?.length ?? 0;
    if (hits !== 1) throw new Error(`short-imports: ${field} found ${hits} times in the glue`);
    rewritten = rewritten.replace(key, `$1${short}: function`);
  }
  const moduleKey = `"${glueModule}": import0`;
  if (rewritten.split(moduleKey).length !== 2) {
    throw new Error(`short-imports: ${moduleKey} not found once in the glue`);
  }
  rewritten = rewritten.replace(moduleKey, '"a": import0');

  // Exports the glue reads as `wasm.<name>` get short names too; the others
  // (`main`, markers) keep theirs.
  if (exportSection === null) throw new Error('short-imports: no export section');
  const body = exportSection.body;
  let at = 0;
  let count;
  [count, at] = uleb(body, at);
  const entries = [encodeUleb(count)];
  let exportsRenamed = 0;
  for (let i = 0; i < count; i++) {
    let len;
    [len, at] = uleb(body, at);
    const field = body.toString('utf8', at, at + len);
    at += len;
    const start = at;
    at++; // kind
    [, at] = uleb(body, at);
    const use = new RegExp(`\\bwasm\\.${field}(?![\\w$])`, 'g');
    let kept = field;
    if (!keep.has(field) && use.test(rewritten)) {
      kept = `e${shortName(exportsRenamed++)}`;
      rewritten = rewritten.replace(use, `wasm.${kept}`);
    }
    entries.push(name(kept), body.subarray(start, at));
  }
  const exportBody = Buffer.concat(entries);
  out[exportSection.at] = Buffer.concat([Buffer.from([7]), encodeUleb(exportBody.length), exportBody]);
  const wasm = Buffer.concat(out);
  new WebAssembly.Module(wasm); // throws if the rewrite broke the module
  return { wasm, js: rewritten, count: renamed.size };
}

const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;

/** The main module's exports the split loaders in `dir` read (`const { a, b, } = initSync(...)`). */
function loaderExports(dir) {
  const names = new Set();
  for (const f of readdirSync(dir).filter((f) => /^__wasm_split.*\.js$/.test(f))) {
    const m = readFileSync(join(dir, f), 'utf8').match(/const \{([^}]*)\} = initSync\(/);
    if (!m) throw new Error(`short-imports: ${f} does not read the main module's exports as expected`);
    for (const n of m[1].split(',').map((s) => s.trim()).filter(Boolean)) names.add(n);
  }
  return names;
}

/** Rewrites the wasm and its glue in `dir` and their integrity in index.html. Returns the number of imports renamed. */
export function shortenImportsIn(dir) {
  const wasmFiles = readdirSync(dir).filter((f) => f.endsWith('_bg.wasm'));
  if (wasmFiles.length !== 1) throw new Error(`short-imports: ${wasmFiles.length} wasm files in ${dir}`);
  const wasmFile = join(dir, wasmFiles[0]);
  const jsFile = wasmFile.replace(/_bg\.wasm$/, '.js');
  const htmlFile = join(dir, 'index.html');
  const oldWasm = readFileSync(wasmFile);
  const oldJs = readFileSync(jsFile, 'utf8');
  let html = readFileSync(htmlFile, 'utf8');
  const { wasm, js, count } = shortenImports(oldWasm, oldJs, loaderExports(dir));
  for (const [before, after] of [
    [sri(oldWasm), sri(wasm)],
    [sri(oldJs), sri(js)],
  ]) {
    if (html.split(before).length !== 2) throw new Error(`short-imports: integrity ${before} not found once in index.html`);
    html = html.replace(before, after);
  }
  writeFileSync(wasmFile, wasm);
  writeFileSync(jsFile, js);
  writeFileSync(htmlFile, html);
  return count;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? 'dist';
  console.log(`short-imports: ${shortenImportsIn(dir)} imports renamed in ${dir}`);
}
