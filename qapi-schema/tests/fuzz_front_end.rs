//! A time-bounded mutation fuzzer over the whole front end: lexer (fast
//! scanner against the pest grammar), parser, doc-comment parser,
//! expression and schema checks, in both dialects.
//!
//! Seeds are QEMU's front-end test cases and our example schema.  Inputs
//! are mutated (byte edits, dictionary tokens, splices) and must never
//! panic; the fast lexer must agree with the grammar on every input.  The
//! run lasts `QAPI_FUZZ_SECONDS` (default 5) and prints the number of
//! executions.  A failing input is written to `target/fuzz-failure.json`.
//!
//! (cargo-fuzz needs a nightly toolchain, which our machines don't have;
//! this runs on stable, in CI, for a bounded time.)

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use qapi_schema::{Dialect, Options, StyleRules};

/// xorshift64*: small, deterministic, good enough for mutation choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const DICT: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "'",
    "\n",
    "##\n",
    "# @x:\n",
    "#\n",
    "# Features:\n",
    "# @a: text\n",
    "# Since: 1.0\n",
    "# Returns: @T\n",
    "# .. qmp-example::\n",
    "   ",
    "'struct'",
    "'union'",
    "'enum'",
    "'alternate'",
    "'command'",
    "'event'",
    "'data'",
    "'base'",
    "'discriminator'",
    "'if'",
    "'features'",
    "'type'",
    "'returns'",
    "'boxed'",
    "true",
    "false",
    "'*opt'",
    "['int']",
    "'str'",
    "'any'",
    "'null'",
    "'q_empty'",
    "{ 'all': [ 'A', 'B' ] }",
    "{ 'not': 'X' }",
    "'include'",
    "'pragma'",
    "'doc-required'",
    "\\",
    "\t",
    "\u{a0}",
    "é",
    "'deprecated'",
    "'Foo'",
    "'foo-bar'",
    "'__org.x_y'",
];

fn seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![
        b"{ 'struct': 'Foo', 'data': { 'a': 'int', '*b': ['str'] } }\n".to_vec(),
        b"##\n# @Foo:\n#\n# @a: an a\n#\n# Since: 1.0\n##\n{ 'enum': 'Foo', 'data': [ 'a' ] }\n"
            .to_vec(),
    ];
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    if let Ok(s) = std::fs::read(root.join("schema/qapi-schema.json")) {
        out.push(s);
    }
    for f in ["run-state.json", "balloon.json", "control.json"] {
        if let Ok(s) = std::fs::read(root.join("schema").join(f)) {
            out.push(s);
        }
    }
    if let Some(shared) = qapi_schema::corpus::shared_dir() {
        let dir = shared.join("corpus/qemu-10.2/tests/qapi-schema");
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            for p in files {
                if p.extension().is_some_and(|e| e == "json") {
                    if let Ok(s) = std::fs::read(&p) {
                        out.push(s);
                    }
                }
            }
        }
    }
    out
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    for _ in 0..=rng.below(4) {
        let len = input.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            1 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below(16).min(len - i);
                input.drain(i..i + n);
            }
            2 => {
                let tok = DICT[rng.below(DICT.len())].as_bytes();
                let i = rng.below(len + 1);
                input.splice(i..i, tok.iter().copied());
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below(32).min(len - i);
                let chunk = input[i..i + n].to_vec();
                let j = rng.below(len + 1);
                input.splice(j..j, chunk);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let n = rng.below(200).min(other.len() - i);
                    let j = rng.below(len + 1);
                    input.splice(j..j, other[i..i + n].iter().copied());
                }
            }
            _ => {
                let i = rng.below(len + 1);
                input.insert(i, b"{}[]:,'#\n @*"[rng.below(12)]);
            }
        }
    }
    input.truncate(64 * 1024);
}

fn run_one(input: &[u8]) {
    let text = String::from_utf8_lossy(input);
    let mut text = text.into_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    // The fast scanner produces the grammar's tokens.
    let fast: Vec<_> = qapi_schema::syntax::lexer::tokenize(&text)
        .into_iter()
        .map(|t| (t.kind, t.start, t.end, t.line))
        .collect();
    let pest: Vec<_> = qapi_schema::syntax::lexer::tokenize_pest(&text)
        .into_iter()
        .map(|t| (t.kind, t.start, t.end, t.line))
        .collect();
    assert_eq!(fast, pest, "lexers disagree");
    for dialect in [Dialect::Modern, Dialect::Historical] {
        for style in [StyleRules::Error, StyleRules::Warn] {
            let opts = Options {
                dialect,
                style,
                parallel: false,
            };
            if let Err(e) = qapi_schema::load_str("fuzz.json", &text, &opts) {
                // Every error is located and renders.
                let _ = e.render_short();
                let _ = e.render_human(&|_| Some(text.clone()));
            }
        }
    }
}

#[test]
fn front_end_never_panics() {
    let seconds: u64 = std::env::var("QAPI_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let seeds = seeds();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seeds.len() as u64);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut execs: u64 = 0;
    // The seeds themselves first.
    for s in &seeds {
        run_one(s);
        execs += 1;
    }
    while Instant::now() < deadline {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &mut input, &seeds);
        let result = catch_unwind(AssertUnwindSafe(|| run_one(&input)));
        execs += 1;
        if let Err(panic) = result {
            let path =
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-failure.json");
            let _ = std::fs::write(&path, &input);
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!(
                "front end panicked ({msg}); input saved to {}",
                path.display()
            );
        }
    }
    println!(
        "fuzz: {execs} executions in {seconds} s over {} seeds",
        seeds.len()
    );
    eprintln!(
        "fuzz: {execs} executions in {seconds} s over {} seeds",
        seeds.len()
    );
}
