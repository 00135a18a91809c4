// Sets the base path of a release build: the one place it is named is
// index.html's `<base href>`, "/" as built. Every file index.html names, and
// everything the console fetches (config.json, the translation tables, the
// wasm chunks), is found relative to it, and the console's links start with
// it, so the same build serves any path (docs/deploy.md, "Under a sub-path").
//
//   node scripts/set-base.mjs DIR /console/
//
// rewrites DIR/index.html and its .br and .gz copies. Run it on the copy you
// deploy, not on dist/ if the tests are to use it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compressFile } from './compress.mjs';

const BASE = /<base\s+href=(?:"[^"]*"|'[^']*'|[^\s>]+)[^>]*>/g;

/** Checks a base path: it starts and ends with `/`, with nothing that needs escaping. */
export function checkBase(base) {
  if (!/^\/([A-Za-z0-9._~%-]+\/)*$/.test(base) || base.includes('//') || /(^|\/)\.\.?\//.test(base)) {
    throw new Error(`set-base: "${base}" is not a base path: it starts and ends with "/", e.g. /console/`);
  }
  return base;
}

/** Writes `base` into DIR/index.html (and its compressed copies); returns the old base. */
export function setBase(dir, base) {
  checkBase(base);
  const file = join(dir, 'index.html');
  const html = readFileSync(file, 'utf8');
  const found = [...html.matchAll(BASE)];
  if (found.length !== 1) throw new Error(`set-base: ${file} has ${found.length} <base href> elements, expected 1`);
  const old = found[0][0].match(/href=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/).slice(1).find((v) => v !== undefined);
  writeFileSync(file, html.replace(found[0][0], `<base href="${base}">`));
  if (existsSync(`${file}.br`) || existsSync(`${file}.gz`)) compressFile(file);
  return old;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, base] = process.argv.slice(2);
  if (!dir || !base) {
    console.error('usage: node scripts/set-base.mjs DIR BASE   (BASE like /console/)');
    process.exit(2);
  }
  try {
    const old = setBase(dir, base);
    console.log(`set-base: ${dir}/index.html: base ${old} -> ${base}`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
