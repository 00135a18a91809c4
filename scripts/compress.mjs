// Writes `.br` and `.gz` beside each asset of a build, so servers can send
// them precompressed (see docs/deploy.md). Run by scripts/post-build.mjs on
// release builds, or by hand: node scripts/compress.mjs DIR
// config.json is left alone: it is edited per deployment, and a stale
// compressed copy would win over the edit.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const COMPRESSIBLE = /\.(wasm|js|css|html|svg)$/;
// The translation tables (i18n/fr.json, da.json). Not config.json: the
// sandbox and deployments rewrite it, and a stale .br beside it would win.
const TABLE = /(^|[\\/])i18n[\\/][a-z]+\.json$/;

/** Writes `path.br` (brotli 11) and `path.gz` (gzip -9) beside `path`. */
export function compressFile(path) {
  const data = readFileSync(path);
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
  writeFileSync(
    `${path}.br`,
    brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }),
  );
}

/** Writes `.br` and `.gz` beside each compressible file below `dir`; returns how many. */
export function compressDir(dir) {
  let count = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (COMPRESSIBLE.test(name) || TABLE.test(path)) {
        compressFile(path);
        count++;
      }
    }
  };
  walk(dir);
  return count;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? 'dist';
  console.log(`compress: wrote .br and .gz for ${compressDir(dir)} files in ${dir}`);
}
