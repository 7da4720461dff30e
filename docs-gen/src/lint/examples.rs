//! Rule `example-type`: every `->` / `<-` message of a `.. qmp-example::`
//! block parses as JSON and fits the schema: command arguments, the return
//! value of the command executed last, event data.  Examples that elide
//! with `...` are checked without requiring mandatory members.

use qapi_schema::{EntityId, EntityKind, Schema};
use serde_json::Value;

use super::Finding;
use crate::rst::{self, Dir};

/// Checks every example of every doc comment.
pub fn check(schema: &Schema) -> Vec<Finding> {
    let mut out = Vec::new();
    for doc in &schema.docs {
        for (section, ex) in rst::examples(doc) {
            let mut last_command: Option<String> = None;
            for m in &ex.messages {
                let line = section.info.line + m.line as u32;
                let mut fail = |msg: String| {
                    out.push(Finding {
                        rule: "example-type",
                        file: section.info.file.to_string(),
                        line,
                        message: msg,
                    })
                };
                let (v, elided) = match rst::parse_message(&m.json) {
                    Ok(v) => v,
                    Err(e) if !m.json.contains("...") => {
                        fail(format!("example message is not JSON: {e}"));
                        continue;
                    }
                    Err(_) => continue,
                };
                let tc = Checker {
                    schema,
                    partial: elided,
                };
                match (m.dir, &v) {
                    (Dir::Send, Value::Object(o))
                        if o.contains_key("execute") || o.contains_key("exec-oob") =>
                    {
                        let name = o
                            .get("execute")
                            .or(o.get("exec-oob"))
                            .and_then(Value::as_str)
                            .unwrap_or("");
                        last_command = Some(name.to_owned());
                        match schema.lookup(name).map(|e| &e.kind) {
                            Some(EntityKind::Command(c)) => {
                                let args = o
                                    .get("arguments")
                                    .cloned()
                                    .unwrap_or(Value::Object(Default::default()));
                                if let Err(e) = tc.fits_args(c.arg_type, &args) {
                                    fail(format!("arguments of '{name}' do not fit: {e}"));
                                }
                            }
                            _ => fail(format!("example executes unknown command '{name}'")),
                        }
                    }
                    (Dir::Receive, Value::Object(o)) if o.contains_key("return") => {
                        let Some(name) = &last_command else { continue };
                        if let Some(EntityKind::Command(c)) = schema.lookup(name).map(|e| &e.kind) {
                            let r = &o["return"];
                            let res = match c.ret_type {
                                Some(t) => tc.fits(t, r),
                                None if r.as_object().is_some_and(|o| o.is_empty()) => Ok(()),
                                None => Err("expected {}".to_owned()),
                            };
                            if let Err(e) = res {
                                fail(format!("return value of '{name}' does not fit: {e}"));
                            }
                        }
                    }
                    (Dir::Receive, Value::Object(o)) if o.contains_key("event") => {
                        let name = o["event"].as_str().unwrap_or("");
                        match schema.lookup(name).map(|e| &e.kind) {
                            Some(EntityKind::Event { arg_type, .. }) => {
                                let data = o
                                    .get("data")
                                    .cloned()
                                    .unwrap_or(Value::Object(Default::default()));
                                if let Err(e) = tc.fits_args(*arg_type, &data) {
                                    fail(format!("data of event '{name}' does not fit: {e}"));
                                }
                            }
                            _ => fail(format!("example shows unknown event '{name}'")),
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// Checks JSON values against types.
struct Checker<'a> {
    schema: &'a Schema,
    /// Parts were elided: missing mandatory members are fine.
    partial: bool,
}

impl Checker<'_> {
    fn fits_args(&self, ty: Option<EntityId>, v: &Value) -> Result<(), String> {
        match ty {
            Some(t) => self.fits(t, v),
            None if v.as_object().is_some_and(|o| o.is_empty()) => Ok(()),
            None => Err("expected no arguments".into()),
        }
    }

    fn fits(&self, ty: EntityId, v: &Value) -> Result<(), String> {
        let e = self.schema.entity(ty);
        let bad = || Err(format!("{} is not a valid {}", short(v), e.name));
        match &e.kind {
            EntityKind::Builtin { json_type } => {
                let ok = match *json_type {
                    "string" => v.is_string(),
                    "int" => v.is_i64() || v.is_u64(),
                    "number" => v.is_number(),
                    "boolean" => v.is_boolean(),
                    "null" => v.is_null(),
                    _ => true,
                };
                if ok {
                    Ok(())
                } else {
                    bad()
                }
            }
            EntityKind::Enum { members, .. } => match v.as_str() {
                Some(s) if members.iter().any(|m| m.name == s) => Ok(()),
                _ => bad(),
            },
            EntityKind::Array { element, .. } => match v.as_array() {
                Some(a) => a.iter().try_for_each(|x| self.fits(*element, x)),
                None => bad(),
            },
            EntityKind::Alternate { variants } => {
                if variants.iter().any(|b| self.fits(b.ty, v).is_ok()) {
                    Ok(())
                } else {
                    bad()
                }
            }
            EntityKind::Object { .. } => {
                let Some(o) = v.as_object() else { return bad() };
                let mut allowed = Vec::new();
                self.object(ty, o, &mut allowed)?;
                match o.keys().find(|k| !allowed.contains(k)) {
                    Some(k) => Err(format!("'{k}' is not a member of {}", e.name)),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// Checks the members of object type `ty` (and of the branch its tag
    /// selects) in `o`, collecting the member names it allows.
    fn object<'o>(
        &self,
        ty: EntityId,
        o: &'o serde_json::Map<String, Value>,
        allowed: &mut Vec<&'o String>,
    ) -> Result<(), String> {
        let e = self.schema.entity(ty);
        let EntityKind::Object {
            members, branches, ..
        } = &e.kind
        else {
            return Ok(());
        };
        for m in members {
            match o.get_key_value(&m.name) {
                Some((k, v)) => {
                    allowed.push(k);
                    self.fits(m.ty, v)
                        .map_err(|err| format!("member '{}': {err}", m.name))?;
                }
                None if !m.optional && !self.partial => {
                    return Err(format!(
                        "mandatory member '{}' of {} missing",
                        m.name, e.name
                    ))
                }
                None => {}
            }
        }
        if let Some(b) = branches {
            let tag = o.get(&b.tag).and_then(Value::as_str);
            if let Some(v) = b.variants.iter().find(|v| Some(v.name.as_str()) == tag) {
                self.object(v.ty, o, allowed)?;
            }
        }
        Ok(())
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 40 {
        format!(
            "{}...",
            &s[..s.char_indices().nth(37).map_or(s.len(), |(i, _)| i)]
        )
    } else {
        s
    }
}
