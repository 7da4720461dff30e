//! Doc comments connected to what they describe: each member, value,
//! branch and feature to its description (QEMU's `connect_member` and
//! `connect_feature`).

use super::Builder;
use crate::doc::Doc;
use crate::error::Result;
use crate::model::{Command, EntityId, EntityKind, Feature};

impl Builder {
    pub(super) fn connect_doc(&mut self, id: EntityId, doc: Option<usize>) -> Result<()> {
        let Some(d) = doc.or(self.entities[id].doc) else {
            return Ok(());
        };
        let exempt = self.historical || {
            let sym = self.docs[d].symbol.as_deref().unwrap_or_default();
            self.doc_exceptions.contains(sym)
        };
        let historical = self.historical;
        let connect_feature = |doc: &mut Doc, f: &Feature| -> Result<()> {
            match doc.connect_feature(&f.name, f.info.as_ref().expect("user features")) {
                Err(_) if historical => Ok(()),
                r => r,
            }
        };
        for f in &self.entities[id].features {
            connect_feature(&mut self.docs[d], f)?;
        }
        // The members of an implicit base or argument type are documented
        // by this definition's comment.
        let implicit = match &self.entities[id].kind {
            EntityKind::Object { base: Some(t), .. }
            | EntityKind::Command(Command {
                arg_type: Some(t), ..
            })
            | EntityKind::Event {
                arg_type: Some(t), ..
            } if self.entities[*t].is_implicit() => Some(*t),
            _ => None,
        };
        if let Some(t) = implicit {
            self.connect_doc(t, Some(d))?;
        }
        let doc = &mut self.docs[d];
        let mut next = 1;
        match &self.entities[id].kind {
            EntityKind::Enum { members, .. } => {
                for m in members {
                    doc.connect_member(
                        &m.name,
                        "value",
                        m.info.as_ref().expect("user"),
                        exempt,
                        &mut next,
                    )?;
                    for f in &m.features {
                        connect_feature(doc, f)?;
                    }
                }
            }
            EntityKind::Object { local_members, .. } => {
                for m in local_members {
                    doc.connect_member(
                        &m.name,
                        "member",
                        m.info.as_ref().expect("user"),
                        exempt,
                        &mut next,
                    )?;
                    for f in &m.features {
                        connect_feature(doc, f)?;
                    }
                }
            }
            EntityKind::Alternate { variants } => {
                for v in variants {
                    doc.connect_member(
                        &v.name,
                        "branch",
                        v.info.as_ref().expect("user"),
                        exempt,
                        &mut next,
                    )?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
