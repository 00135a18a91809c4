// Trunk's post_build hook (Trunk.toml). Trunk runs the hooks of one stage at
// the same time, so the steps that must follow each other are in this script:
// first the wasm is split into its main module and lazily loaded chunks
// (wasm-opt'd on release builds), then (release builds) the wasm's imports
// get short names, then the start-up script leaves index.html, then (release
// builds) every asset, index.html included, gets its .br and .gz copies.
import { splitWasm } from './split.mjs';
import { shortenImportsIn } from './short-imports.mjs';
import { externalizeStartScript } from './start-script.mjs';
import { compressDir } from './compress.mjs';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const release = !process.env.TRUNK_PROFILE || process.env.TRUNK_PROFILE === 'release';
const split = await splitWasm(dir, { release, publicUrl: process.env.TRUNK_PUBLIC_URL ?? '/' });
console.log(`post-build: split into ${split.main}, ${split.chunks.join(', ')} and ${split.loader}`);
if (release) {
  console.log(`post-build: ${shortenImportsIn(dir)} wasm imports renamed`);
}
const start = externalizeStartScript(dir, process.env.TRUNK_PUBLIC_URL ?? '/');
console.log(`post-build: start-up script ${start ?? 'already external'}`);
if (release) {
  console.log(`post-build: wrote .br and .gz for ${compressDir(dir)} files`);
}
