//! Build conditions: the `if` names a schema uses, lists of the ones that
//! hold in one QEMU build (one name a line, as in
//! `build-conditions-*.txt`), and finding that list from a running QEMU's
//! `query-qmp-schema` reply ([`infer`]).
//!
//! A QEMU binary's introspection is its schema with every condition
//! decided, so the conditions that hold are those whose introspection
//! equals the reply. [`infer`] starts from what commands and events show
//! directly (a command guarded by `CONFIG_X` alone is there or not), then
//! flips one name at a time while that brings the schema's introspection
//! closer to the reply, until no flip does. Type names are masked as
//! numbers in replies, and the numbering moves when a type comes or goes,
//! so "closer" compares entries with type references blanked out.

use std::collections::{BTreeSet, HashMap};

use qapi_schema::ifcond::IfCond;
use qapi_schema::model::{EntityKind, Feature};
use qapi_schema::Schema;
use serde_json::Value;

/// The names in a list of conditions: one a line; blank lines and lines
/// starting with `#` are skipped.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Reads a list of conditions ([`parse_list`]) from a file.
pub fn read_list(path: impl AsRef<std::path::Path>) -> std::io::Result<Vec<String>> {
    Ok(parse_list(&std::fs::read_to_string(path)?))
}

/// Every condition name the schema's `if`s mention, sorted.
pub fn names(schema: &Schema) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    each_condition(schema, &mut |c| {
        out.extend(c.names().into_iter().map(str::to_owned))
    });
    out
}

/// Calls `f` with every `if` of the schema: of definitions, members,
/// enum values, branches and features.
fn each_condition(schema: &Schema, f: &mut dyn FnMut(&IfCond)) {
    let mut add = |c: &Option<IfCond>| c.iter().for_each(&mut *f);
    for e in &schema.entities {
        add(&e.ifcond);
        let mut features: Vec<&[Feature]> = vec![&e.features];
        match &e.kind {
            EntityKind::Enum { members, .. } => {
                for m in members {
                    add(&m.ifcond);
                    features.push(&m.features);
                }
            }
            EntityKind::Object {
                members, branches, ..
            } => {
                for m in members {
                    add(&m.ifcond);
                    features.push(&m.features);
                }
                branches
                    .iter()
                    .flat_map(|b| &b.variants)
                    .for_each(|v| add(&v.ifcond));
            }
            EntityKind::Alternate { variants } => variants.iter().for_each(|v| add(&v.ifcond)),
            _ => {}
        }
        for f in features.into_iter().flatten() {
            add(&f.ifcond);
        }
    }
}

/// What [`infer`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inferred {
    /// The conditions that hold.
    pub true_names: BTreeSet<String>,
    /// Names whose value changes nothing in the introspection (left out
    /// of `true_names`; the reply cannot tell).
    pub undecided: BTreeSet<String>,
    /// Entries of the reply and of the schema's introspection (with
    /// `true_names`) that still differ, type references aside: 0 when
    /// the schema is the binary's.
    pub mismatches: usize,
}

/// Finds the conditions that hold in the QEMU build whose
/// `query-qmp-schema` reply is `reply` (the whole `{"return": [...]}` or
/// the array), for the schema it was built from.
pub fn infer(schema: &Schema, reply: &Value) -> Result<Inferred, String> {
    let entries = reply
        .get("return")
        .unwrap_or(reply)
        .as_array()
        .ok_or("not a query-qmp-schema reply: expected an array of SchemaInfo")?;
    let want = shapes(entries);
    let all = names(schema);
    let shown: BTreeSet<(String, String)> = entries
        .iter()
        .filter_map(|e| Some((meta(e)?.to_owned(), e.get("name")?.as_str()?.to_owned())))
        .collect();
    // A first guess from commands and events guarded by one name.
    let mut on = BTreeSet::new();
    for e in &schema.entities {
        let m = match e.kind {
            EntityKind::Command(_) => "command",
            EntityKind::Event { .. } => "event",
            _ => continue,
        };
        if let Some(IfCond::Name(n)) = &e.ifcond {
            if shown.contains(&(m.to_owned(), e.name.clone())) {
                on.insert(n.clone());
            }
        }
    }
    let score = |on: &BTreeSet<String>| {
        let got = qapi_schema::introspect::introspect(schema, &|n| on.contains(n), false);
        let got = got.as_array().map(|a| shapes(a)).unwrap_or_default();
        distance(&want, &got)
    };
    let flip = |on: &BTreeSet<String>, n: &String| {
        let mut flipped = on.clone();
        if !flipped.remove(n) {
            flipped.insert(n.clone());
        }
        flipped
    };
    // Moves: one name flipped, or the names of one condition of two to
    // four names set every way (an `all` of names shows only when each
    // is true, so no single flip gets closer).
    let groups = groups(schema);
    let mut best = score(&on);
    let mut improved = true;
    while improved && best > 0 {
        improved = false;
        for n in &all {
            let flipped = flip(&on, n);
            let s = score(&flipped);
            if s < best {
                (best, on, improved) = (s, flipped, true);
            }
        }
        for g in &groups {
            for bits in 0..1u32 << g.len() {
                let mut set = on.clone();
                for (i, n) in g.iter().enumerate() {
                    if bits >> i & 1 == 1 {
                        set.insert(n.clone());
                    } else {
                        set.remove(n);
                    }
                }
                if set == on {
                    continue;
                }
                let s = score(&set);
                if s < best {
                    (best, on, improved) = (s, set, true);
                }
            }
        }
    }
    // Names that change nothing are reported, not guessed.
    let undecided: BTreeSet<String> = all
        .iter()
        .filter(|n| score(&flip(&on, n)) == best)
        .cloned()
        .collect();
    on.retain(|n| !undecided.contains(n));
    Ok(Inferred {
        true_names: on,
        undecided,
        mismatches: best,
    })
}

/// The name sets of the schema's conditions of two to four names.
fn groups(schema: &Schema) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    each_condition(schema, &mut |c| {
        let mut n: Vec<String> = c.names().into_iter().map(str::to_owned).collect();
        n.sort();
        n.dedup();
        if (2..=4).contains(&n.len()) {
            out.insert(n);
        }
    });
    out
}

fn meta(e: &Value) -> Option<&str> {
    e.get("meta-type")?.as_str()
}

/// The entries as pieces of text, counted: each entry without its lists
/// of values, members and branches, and each item of those lists on its
/// own (so that one enum value more or less counts one, not a whole
/// entry), with masked type names blanked (numbers in `name`, `type`,
/// `arg-type`, `ret-type`, `element-type`).
fn shapes(entries: &[Value]) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for e in entries {
        let mut e = e.clone();
        blank(&mut e);
        let meta = meta(&e).unwrap_or_default().to_owned();
        if let Value::Object(o) = &mut e {
            for key in ["values", "members", "variants"] {
                if let Some(Value::Array(items)) = o.remove(key) {
                    for i in items {
                        *out.entry(format!("{meta} {key} {i}")).or_insert(0) += 1;
                    }
                }
            }
        }
        *out.entry(e.to_string()).or_insert(0) += 1;
    }
    out
}

fn blank(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                let masked = matches!(
                    k.as_str(),
                    "name" | "type" | "arg-type" | "ret-type" | "element-type"
                ) && x
                    .as_str()
                    .is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()) || s.starts_with('['));
                if masked {
                    *x = Value::String(String::new());
                } else {
                    blank(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(blank),
        _ => {}
    }
}

/// The size of the multiset difference of two shape counts.
fn distance(a: &HashMap<String, usize>, b: &HashMap<String, usize>) -> usize {
    let mut d = 0;
    for (k, &n) in a {
        d += n.abs_diff(b.get(k).copied().unwrap_or(0));
    }
    for (k, &n) in b {
        if !a.contains_key(k) {
            d += n;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = "
{ 'command': 'ping' }
{ 'command': 'spice-info', 'if': 'CONFIG_SPICE' }
{ 'command': 'vnc-info', 'if': 'CONFIG_VNC' }
{ 'enum': 'Kind', 'data': [ 'a', { 'name': 'b', 'if': 'CONFIG_B' } ] }
{ 'struct': 'KindInfo', 'data': { 'kind': 'Kind' } }
{ 'command': 'kind', 'returns': 'KindInfo' }
{ 'struct': 'Opts', 'data': { 'x': 'int', 'y': { 'type': 'int', 'if': { 'all': [ 'CONFIG_Y', 'CONFIG_Z' ] } } } }
{ 'command': 'set', 'data': 'Opts', 'boxed': true, 'if': { 'not': 'CONFIG_OFF' } }
";

    fn schema() -> Schema {
        qapi_schema::load_str("t.json", SCHEMA, &Default::default()).unwrap()
    }

    #[test]
    fn names_of_every_if() {
        let n: Vec<String> = names(&schema()).into_iter().collect();
        assert_eq!(
            n,
            [
                "CONFIG_B",
                "CONFIG_OFF",
                "CONFIG_SPICE",
                "CONFIG_VNC",
                "CONFIG_Y",
                "CONFIG_Z"
            ]
        );
    }

    #[test]
    fn lists_skip_comments_and_blank_lines() {
        assert_eq!(parse_list("# built\nA\n\n  B  \n#C\n"), ["A", "B"]);
    }

    #[test]
    fn finds_the_conditions_of_a_build() {
        let s = schema();
        for truth in [
            vec!["CONFIG_SPICE", "CONFIG_B"],
            vec!["CONFIG_VNC", "CONFIG_Y", "CONFIG_Z"],
            vec!["CONFIG_OFF"],
            vec![],
        ] {
            let reply = qapi_schema::introspect::introspect_with(&s, &truth, false);
            let got = infer(&s, &reply).unwrap();
            assert_eq!(got.mismatches, 0, "{truth:?}");
            let want: BTreeSet<String> = truth.iter().map(|s| s.to_string()).collect();
            assert_eq!(got.true_names, want);
        }
    }

    #[test]
    fn a_name_without_visible_effect_is_undecided() {
        // CONFIG_Y without CONFIG_Z shows nothing.
        let s = schema();
        let reply = qapi_schema::introspect::introspect_with(&s, &["CONFIG_Y"], false);
        let got = infer(&s, &reply).unwrap();
        assert_eq!(got.mismatches, 0);
        assert!(got.true_names.is_empty());
        assert!(got.undecided.contains("CONFIG_Y") && got.undecided.contains("CONFIG_Z"));
    }

    #[test]
    fn not_a_reply() {
        assert!(infer(&schema(), &serde_json::json!({"x": 1})).is_err());
    }
}
