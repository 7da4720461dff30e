//! Bad paths and bad schemas are compile errors naming file and line.
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/ok.rs");
    t.compile_fail("tests/ui/missing.rs");
    t.compile_fail("tests/ui/bad-schema.rs");
}
