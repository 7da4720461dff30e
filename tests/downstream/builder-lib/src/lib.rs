//! The ergonomics of generated types, checked by the compiler.

#![deny(missing_docs)]

/// QEMU 10.2's QMP.
pub mod qemu {
    include!(concat!(env!("OUT_DIR"), "/qapi.rs"));
}

use qemu::commands::{BlockdevAdd, BlockdevDel, QueryNamedBlockNodes};
use qemu::types::{BlockdevOptions, BlockdevOptionsBase, BlockdevOptionsNull};

/// `blockdev-add` of a null-co node: every member but the name is left
/// to its default.
pub fn null_node(name: &str) -> BlockdevAdd {
    BlockdevOptions::NullCo {
        base: BlockdevOptionsBase {
            node_name: Some(name.into()),
            ..Default::default()
        },
        data: BlockdevOptionsNull::default(),
    }
    .into()
}

/// A command whose arguments are all optional.
pub fn all_nodes() -> QueryNamedBlockNodes {
    QueryNamedBlockNodes::default()
}

/// A command with a required argument.
pub fn delete(name: &str) -> BlockdevDel {
    BlockdevDel::new(name)
}
