//! Build script: for Windows targets only, embeds `assets/liangpai.rc` (icon, manifest, version
//! information) into liangpai.exe with windres (mingw: `x86_64-w64-mingw32-windres`).
//! Other targets build nothing here.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/liangpai.rc");
    println!("cargo:rerun-if-changed=assets/liangpai.ico");
    println!("cargo:rerun-if-changed=assets/liangpai.exe.manifest");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    // The version numbers go into a header in OUT_DIR (on the resource compiler's include path):
    // string macros on windres's command line lose their quotes.
    let version = |name: &str| std::env::var(name).unwrap_or_else(|_| "0".to_owned());
    let header = format!(
        "#define VER_MAJOR {}\n#define VER_MINOR {}\n#define VER_PATCH {}\n#define VER_STRING \"{}\"\n",
        version("CARGO_PKG_VERSION_MAJOR"),
        version("CARGO_PKG_VERSION_MINOR"),
        version("CARGO_PKG_VERSION_PATCH"),
        version("CARGO_PKG_VERSION"),
    );
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(error) = std::fs::write(out_dir.join("liangpai-version.h"), header) {
        panic!("liangpai: could not write liangpai-version.h: {error}");
    }
    if let Err(error) =
        embed_resource::compile_for("assets/liangpai.rc", ["liangpai"], embed_resource::NONE)
            .manifest_required()
    {
        panic!("liangpai: could not embed the Windows resources: {error}");
    }
}
