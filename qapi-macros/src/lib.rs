//! `qapi!("path/to/qapi-schema.json")` expands to Rust bindings for a
//! QAPI schema (modules `types`, `commands`, `events`, `client`,
//! `server`), as [`qapi_codegen::Builder`] would write them. Paths are
//! relative to the crate's `Cargo.toml`. A schema that cannot be read or
//! is invalid is a compile error naming the schema file and line.
//!
//! Options follow the path, as `name = "value"`:
//! - `conditions = "FILE"`: decide the schema's `if` conditions now, true
//!   exactly for the names in FILE (one a line, `#` comments), as
//!   `qapi-gen conditions --from-qmp-schema` prints them for a QEMU
//!   binary; without it, conditions become `#[cfg(qapi = "NAME")]`;
//! - `unstable = "feature" | "include" | "exclude"`: items QEMU marks
//!   unstable behind the crate's cargo feature `unstable` (the default),
//!   always, or never.
//!
//! Usage (compiled for real by the trybuild cases in `tests/ui/`):
//!
//! ```text
//! mod vm {
//!     qapi_macros::qapi!("schema/qapi-schema.json");
//! }
//! mod qemu {
//!     qapi_macros::qapi!(
//!         "qemu/qapi/qapi-schema.json",
//!         conditions = "qemu/build-conditions.txt",
//!         unstable = "exclude",
//!     );
//! }
//! ```

use proc_macro::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

use qapi_codegen::{Conditions, Options, Unstable};

/// The macro's input: the schema and its options.
struct Input {
    schema: LitStr,
    options: Vec<(Ident, LitStr)>,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let schema = input.parse()?;
        let mut options = Vec::new();
        while input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let name: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            options.push((name, input.parse()?));
        }
        Ok(Input { schema, options })
    }
}

/// A path relative to the crate's `Cargo.toml`.
fn in_crate(path: &str) -> String {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    std::path::Path::new(&dir)
        .join(path)
        .to_string_lossy()
        .into_owned()
}

/// The generator's options, and the files besides the schema's that the
/// output depends on.
fn options(input: &Input) -> syn::Result<(Options, Vec<String>)> {
    let mut opts = Options::default();
    let mut files = Vec::new();
    for (name, value) in &input.options {
        match (name.to_string().as_str(), value.value().as_str()) {
            ("conditions", file) => {
                let path = in_crate(file);
                let names = qapi_codegen::conditions::read_list(&path)
                    .map_err(|e| syn::Error::new(value.span(), format!("{file}: {e}")))?;
                opts.conditions = Conditions::Evaluate(names.into_iter().collect());
                files.push(path);
            }
            ("unstable", "feature") => opts.unstable = Unstable::default(),
            ("unstable", "include") => opts.unstable = Unstable::Include,
            ("unstable", "exclude") => opts.unstable = Unstable::Exclude,
            ("unstable", _) => {
                return Err(syn::Error::new(
                    value.span(),
                    "unstable is \"feature\", \"include\" or \"exclude\"",
                ))
            }
            _ => {
                return Err(syn::Error::new(
                    name.span(),
                    "unknown option; options are conditions and unstable",
                ))
            }
        }
    }
    Ok((opts, files))
}

#[proc_macro]
pub fn qapi(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as Input);
    let (opts, mut files) = match options(&input) {
        Ok(o) => o,
        Err(e) => return e.to_compile_error().into(),
    };
    let path = in_crate(&input.schema.value());
    let schema = match qapi_codegen::builder::load(&path) {
        Ok(s) => s,
        Err(e) => {
            let msg = e.render_short();
            return quote::quote_spanned!(input.schema.span() => compile_error!(#msg);).into();
        }
    };
    let out = qapi_codegen::rust::generate(&schema, &opts);
    let code: proc_macro2::TokenStream = match out.to_file().parse() {
        Ok(t) => t,
        Err(e) => {
            let msg = format!("qapi!: generated code does not parse: {e}");
            return quote!(compile_error!(#msg);).into();
        }
    };
    // Make cargo rebuild when a schema file (or the conditions) changes.
    files.extend(schema.files().map(str::to_owned));
    let files = files.iter().map(|f| {
        let abs = std::path::Path::new(f)
            .canonicalize()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| f.to_string());
        quote!(
            const _: &[u8] = include_bytes!(#abs);
        )
    });
    quote!(#(#files)* #code).into()
}
