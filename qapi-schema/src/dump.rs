//! The model as text, in the layout of QEMU's `tests/qapi-schema/*.out`
//! (what QEMU's test driver `test-qapi.py` prints).

use std::fmt::Write;

use crate::ifcond::IfCond;
use crate::model::{EntityKind, Feature, Schema, Variant};

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn print_if(out: &mut String, ifcond: &Option<IfCond>, indent: usize) {
    if let Some(c) = ifcond {
        let _ = writeln!(out, "{:indent$}if {c}", "");
    }
}

fn print_features(out: &mut String, features: &[Feature], indent: usize) {
    for f in features {
        let _ = writeln!(out, "{:indent$}feature {}", "", f.name);
        print_if(out, &f.ifcond, indent + 4);
    }
}

fn print_variants(out: &mut String, schema: &Schema, tag: &str, variants: &[Variant]) {
    let _ = writeln!(out, "    tag {tag}");
    for v in variants {
        let _ = writeln!(out, "    case {}: {}", v.name, schema.entity(v.ty).name);
        print_if(out, &v.ifcond, 8);
    }
}

/// Renders the schema as QEMU's test driver prints it.
pub fn dump(schema: &Schema) -> String {
    let mut out = String::new();
    for module in &schema.modules {
        let _ = writeln!(out, "module {}", module.name);
        for &id in &module.entities {
            let e = schema.entity(id);
            match &e.kind {
                EntityKind::Include { module } => {
                    let _ = writeln!(out, "include {}", schema.modules[*module].name);
                }
                EntityKind::Builtin { .. } => {}
                EntityKind::Enum { members, prefix } => {
                    let _ = writeln!(out, "enum {}", e.name);
                    if let Some(p) = prefix {
                        let _ = writeln!(out, "    prefix {p}");
                    }
                    for m in members {
                        let _ = writeln!(out, "    member {}", m.name);
                        print_if(&mut out, &m.ifcond, 8);
                        print_features(&mut out, &m.features, 8);
                    }
                    print_if(&mut out, &e.ifcond, 4);
                    print_features(&mut out, &e.features, 4);
                }
                EntityKind::Array { element, .. } => {
                    if e.info.is_none() {
                        continue; // built-in arrays are not shown
                    }
                    let el = schema.entity(*element);
                    let _ = writeln!(out, "array {} {}", e.name, el.name);
                    print_if(&mut out, &el.ifcond, 4);
                }
                EntityKind::Object {
                    base,
                    local_members,
                    branches,
                    ..
                } => {
                    let _ = writeln!(out, "object {}", e.name);
                    if let Some(b) = base {
                        let _ = writeln!(out, "    base {}", schema.entity(*b).name);
                    }
                    for m in local_members {
                        let _ = writeln!(
                            out,
                            "    member {}: {} optional={}",
                            m.name,
                            schema.entity(m.ty).name,
                            py_bool(m.optional)
                        );
                        print_if(&mut out, &m.ifcond, 8);
                        print_features(&mut out, &m.features, 8);
                    }
                    if let Some(b) = branches {
                        print_variants(&mut out, schema, &b.tag, &b.variants);
                    }
                    print_if(&mut out, &e.ifcond, 4);
                    print_features(&mut out, &e.features, 4);
                }
                EntityKind::Alternate { variants } => {
                    let _ = writeln!(out, "alternate {}", e.name);
                    print_variants(&mut out, schema, "type", variants);
                    print_if(&mut out, &e.ifcond, 4);
                    print_features(&mut out, &e.features, 4);
                }
                EntityKind::Command(c) => {
                    let name_of =
                        |t: Option<usize>| t.map_or("None", |t| schema.entity(t).name.as_str());
                    let _ = writeln!(
                        out,
                        "command {} {} -> {}",
                        e.name,
                        name_of(c.arg_type),
                        name_of(c.ret_type)
                    );
                    let _ = writeln!(
                        out,
                        "    gen={} success_response={} boxed={} oob={} preconfig={}{}",
                        py_bool(c.gen),
                        py_bool(c.success_response),
                        py_bool(c.boxed),
                        py_bool(c.allow_oob),
                        py_bool(c.allow_preconfig),
                        if c.coroutine { " coroutine=True" } else { "" }
                    );
                    print_if(&mut out, &e.ifcond, 4);
                    print_features(&mut out, &e.features, 4);
                }
                EntityKind::Event {
                    arg_type, boxed, ..
                } => {
                    let arg = arg_type.map_or("None", |t| schema.entity(t).name.as_str());
                    let _ = writeln!(out, "event {} {arg}", e.name);
                    let _ = writeln!(out, "    boxed={}", py_bool(*boxed));
                    print_if(&mut out, &e.ifcond, 4);
                    print_features(&mut out, &e.features, 4);
                }
            }
        }
    }
    for doc in &schema.docs {
        match &doc.symbol {
            Some(s) => {
                let _ = writeln!(out, "doc symbol={s}");
            }
            None => out.push_str("doc freeform\n"),
        }
        let _ = writeln!(out, "    body=\n{}", doc.body().text);
        for s in doc.args() {
            let _ = writeln!(
                out,
                "    arg={}\n{}",
                s.name.as_deref().unwrap_or(""),
                s.text
            );
        }
        for s in doc.features() {
            let _ = writeln!(
                out,
                "    feature={}\n{}",
                s.name.as_deref().unwrap_or(""),
                s.text
            );
        }
        for s in doc.other_sections() {
            let _ = writeln!(out, "    section={}\n{}", s.kind.title(), s.text);
        }
    }
    out
}
