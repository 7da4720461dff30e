//! The hasher of the maps keyed by definition and module names: FxHash's
//! mixing step (as in rustc), several times faster than the standard
//! SipHash on short keys.  Schemas are not hostile input for a hash map:
//! the worst a crafted one could do is slow its own check down.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

#[derive(Clone, Copy, Default, Debug)]
pub struct FastHash;

impl BuildHasher for FastHash {
    type Hasher = FxHasher;

    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

#[derive(Default)]
pub struct FxHasher(u64);

impl FxHasher {
    pub(crate) fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

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
