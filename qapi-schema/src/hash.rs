//! The hasher of the maps keyed by definition and module names: FxHash
//! (the `rustc-hash` crate), several times faster than the standard
//! SipHash on short keys.  Schemas are not hostile input for a hash map:
//! the worst a crafted one could do is slow its own check down.

use std::collections::HashMap;

pub use rustc_hash::FxHasher;

/// The hasher of [`NameMap`].
pub type FastHash = rustc_hash::FxBuildHasher;

/// A map keyed by names.
pub type NameMap<K, V> = HashMap<K, V, FastHash>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinguishes_names() {
        let mut m: NameMap<String, usize> = NameMap::default();
        for (i, n) in ["a", "b", "ab", "ba", "abcdefgh", "abcdefghi", ""]
            .iter()
            .enumerate()
        {
            m.insert((*n).to_owned(), i);
        }
        assert_eq!(m.len(), 7);
        assert_eq!(m["abcdefghi"], 5);
        assert_eq!(m[""], 6);
        assert!(!m.contains_key("abcdefgh\0"));
    }
}
