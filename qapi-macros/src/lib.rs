//! `qapi!("path/to/qapi-schema.json")` expands to Rust bindings for a
//! QAPI schema (modules `types`, `commands`, `events`, `client`,
//! `server`), as [`qapi_codegen::Builder`] would write them. The path is
//! relative to the crate's `Cargo.toml`. A schema that cannot be read or
//! is invalid is a compile error naming the schema file and line.
//!
//! Usage (compiled for real by the trybuild cases in `tests/ui/`):
//!
//! ```text
//! mod vm {
//!     qapi_macros::qapi!("schema/qapi-schema.json");
//! }
//! ```

use proc_macro::TokenStream;
use quote::quote;

#[proc_macro]
pub fn qapi(input: TokenStream) -> TokenStream {
    let lit = syn::parse_macro_input!(input as syn::LitStr);
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let path = std::path::Path::new(&dir).join(lit.value());
    let path = path.to_string_lossy().into_owned();
    let schema = match qapi_codegen::builder::load(&path) {
        Ok(s) => s,
        Err(e) => {
            let msg = e.render_short();
            return quote::quote_spanned!(lit.span() => compile_error!(#msg);).into();
        }
    };
    let out = qapi_codegen::rust::generate(&schema, &Default::default());
    let code: proc_macro2::TokenStream = match out.to_file().parse() {
        Ok(t) => t,
        Err(e) => {
            let msg = format!("qapi!: generated code does not parse: {e}");
            return quote!(compile_error!(#msg);).into();
        }
    };
    // Make cargo rebuild when a schema file changes.
    let files = schema.files().map(|f| {
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
