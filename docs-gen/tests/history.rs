//! Issue 6, acceptance 3: the diff over each consecutive pair of QEMU
//! releases in `../shared/corpus/qapi-history` lists exactly the commands
//! and events added and removed; prints the breaking changes found.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use docs_gen::diff::{diff, wire::Wire};
use qapi_schema::{Dialect, Options, Schema, StyleRules};

const VERSIONS: &[&str] = &[
    "v2.0.0",
    "v2.12.0",
    "v4.2.0",
    "v6.2.0",
    "v8.2.0",
    "v9.0.0",
    "v9.1.0",
    "v9.2.0-rc2",
];

fn root(h: &Path, v: &str, qga: bool) -> String {
    let d = h.join(v);
    let p = if qga {
        d.join("qga/qapi-schema.json")
    } else if d.join("qapi/qapi-schema.json").is_file() {
        d.join("qapi/qapi-schema.json")
    } else {
        d.join("qapi-schema.json")
    };
    p.display().to_string()
}

fn load(path: &str) -> Schema {
    let opts = Options {
        dialect: Dialect::Historical,
        style: StyleRules::Off,
        parallel: false,
    };
    qapi_schema::load(path, &opts).unwrap_or_else(|e| panic!("{}", e.render_short()))
}

fn names<'a>(s: &'a Schema, meta: &str) -> BTreeSet<&'a str> {
    s.definitions()
        .filter(|e| e.meta() == meta)
        .map(|e| e.name.as_str())
        .collect()
}

#[test]
fn consecutive_releases() {
    let Some(c) = common::corpus() else { return };
    let h = c.join("qapi-history");
    for qga in [false, true] {
        for pair in VERSIONS.windows(2) {
            let (o, n) = (load(&root(&h, pair[0], qga)), load(&root(&h, pair[1], qga)));
            let t = Instant::now();
            let changes = diff(&Wire::from_schema(&o), &Wire::from_schema(&n));
            let took = t.elapsed();
            let what = format!(
                "{}{} -> {}",
                if qga { "qga " } else { "" },
                pair[0],
                pair[1]
            );
            for meta in ["command", "event"] {
                for (change, want) in [
                    (
                        "added",
                        names(&n, meta)
                            .difference(&names(&o, meta))
                            .copied()
                            .collect::<BTreeSet<_>>(),
                    ),
                    (
                        "removed",
                        names(&o, meta)
                            .difference(&names(&n, meta))
                            .copied()
                            .collect(),
                    ),
                ] {
                    let got: BTreeSet<&str> = changes
                        .iter()
                        .filter(|c| c.meta == meta && c.member.is_none() && c.change == change)
                        .map(|c| c.name.as_str())
                        .collect();
                    assert_eq!(got, want, "{what}: {meta}s {change}");
                }
            }
            let breaking: Vec<_> = changes.iter().filter(|c| c.breaking).collect();
            println!(
                "{what}: {} changes, {} breaking, diff in {took:?}",
                changes.len(),
                breaking.len()
            );
            for c in breaking {
                println!(
                    "  {} {} {}: {}",
                    c.meta,
                    c.name,
                    c.member.as_deref().unwrap_or(""),
                    c.detail
                );
            }
        }
    }
}
