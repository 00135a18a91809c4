// Writes `.br` and `.gz` beside each asset of a build, so servers can send
// them precompressed (see docs/deploy.md). Run by Trunk's post_build hook on
// release builds (Trunk.toml), or by hand: node scripts/compress.mjs DIR
// config.json is left alone: it is edited per deployment, and a stale
// compressed copy would win over the edit.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const COMPRESSIBLE = /\.(wasm|js|css|html|svg)$/;
let count = 0;
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (COMPRESSIBLE.test(name)) {
      const data = readFileSync(path);
      writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
      writeFileSync(
        `${path}.br`,
        brotliCompressSync(data, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
        }),
      );
      count++;
    }
  }
};
walk(dir);
console.log(`compress: wrote .br and .gz for ${count} files in ${dir}`);
