//! Bad paths, bad schemas and bad options are compile errors naming
//! file and line; options are taken.
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/ok.rs");
    t.pass("tests/ui/options.rs");
    t.compile_fail("tests/ui/bad-option.rs");
    t.compile_fail("tests/ui/missing.rs");
    t.compile_fail("tests/ui/bad-schema.rs");
}
