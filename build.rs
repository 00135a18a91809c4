// The wasm is split into a main module and lazily loaded chunks after the
// build (scripts/split.mjs, wasm-split-cli), which needs the linker's
// relocations to move code between modules. Only the app's final link gets
// them: a flag in .cargo/config.toml would rebuild every dependency and the
// test binaries for nothing.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
