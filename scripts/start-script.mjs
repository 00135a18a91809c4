// Moves Trunk's inline start-up script (`<script type=module>import init …`)
// out of index.html into a content-hashed file, so the Content-Security-Policy
// can forbid inline scripts without a hash to keep in step (docs/deploy.md).
// Run by scripts/post-build.mjs, or by hand: node scripts/start-script.mjs DIR
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const INLINE_MODULE = /<script type="?module"?>([\s\S]*?)<\/script>/g;

/** Returns the name of the file written, or null when index.html has no inline start-up script. */
export function externalizeStartScript(dir, publicUrl = '/') {
  const file = join(dir, 'index.html');
  const html = readFileSync(file, 'utf8');
  const inline = [...html.matchAll(INLINE_MODULE)].filter((m) => m[1].includes('init'));
  if (inline.length === 0) return null;
  if (inline.length > 1) throw new Error(`start-script: ${inline.length} inline start-up scripts in ${file}`);
  const [tag, inlineBody] = inline[0];
  // The wasm is named relative to this script's own URL, not the page's
  // (Trunk passes a relative string, which fetch resolves against the page):
  // the build's base whatever the page's path (docs/deploy.md). Its imports
  // are relative to the script already.
  const wasmPath = /module_or_path:\s*(['"])(\.\/[^'"]+)\1/;
  const body = wasmPath.test(inlineBody)
    ? inlineBody.replace(wasmPath, (_, q, path) => `module_or_path: new URL(${q}${path}${q}, import.meta.url)`)
    : inlineBody;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const name = `start-${hash}.js`;
  writeFileSync(join(dir, name), body);
  const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  writeFileSync(file, html.replace(tag, `<script type="module" src="${base}${name}" integrity="${integrity}"></script>`));
  return name;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? 'dist';
  console.log(`start-script: ${externalizeStartScript(dir) ?? 'no inline start-up script'} in ${dir}`);
}
