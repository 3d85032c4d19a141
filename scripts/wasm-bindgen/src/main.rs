//! `gan-playground-wasm-bindgen --out-dir DIR [--remove-name-section] INPUT.wasm`
//!
//! Writes the JavaScript bindings of a wasm module built by `scripts/build-wasm.sh` into DIR as
//! `gan_playground.js`, `gan_playground_bg.wasm` and their TypeScript declarations: what
//! `wasm-bindgen --target web --out-name gan_playground --remove-producers-section` writes, by
//! the same library calls as the CLI makes with those arguments.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use wasm_bindgen_cli_support::Bindgen;

const USAGE: &str = "usage: gan-playground-wasm-bindgen --out-dir DIR [--remove-name-section] INPUT.wasm";

struct Args {
    input: PathBuf,
    out_dir: PathBuf,
    remove_name_section: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args> {
    let (mut input, mut out_dir, mut remove_name_section) = (None, None, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out-dir" => out_dir = Some(PathBuf::from(args.next().context("--out-dir needs a directory")?)),
            "--remove-name-section" => remove_name_section = true,
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n{USAGE}"),
            _ if input.is_some() => bail!("one input module only\n{USAGE}"),
            _ => input = Some(PathBuf::from(arg)),
        }
    }
    Ok(Args { input: input.context(USAGE)?, out_dir: out_dir.context(USAGE)?, remove_name_section })
}

fn run(args: &Args) -> Result<()> {
    let mut bindgen = Bindgen::new();
    bindgen.web(true)?;
    // The CLI's defaults for every other option, as its `rmain` passes them.
    #[allow(deprecated)]
    bindgen
        .input_path(&args.input)
        .debug(false)
        .demangle(true)
        .keep_lld_exports(false)
        .keep_debug(false)
        .split_debug_info(false)
        .remove_name_section(args.remove_name_section)
        .remove_producers_section(true)
        .typescript(true)
        .omit_imports(false)
        .omit_default_module_path(false)
        .split_linked_modules(false)
        .js_string_builtins(false)
        .ts_typed_array_buffers(false)
        .reference_types(false)
        .reset_state_function(false)
        .force_enable_abort_handler(false)
        .out_name("gan_playground");
    bindgen
        .generate(&args.out_dir)
        .with_context(|| format!("generating the bindings of {} into {}", args.input.display(), args.out_dir.display()))
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)).and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gan-playground-wasm-bindgen: {error:#}");
            ExitCode::FAILURE
        }
    }
}
