//! The iteration order of QEMU's QDict: a 512-bucket hash table (tdb hash),
//! buckets visited in index order, newest entry first within a bucket.
//! Reproducing it makes our output byte-identical to QEMU's.

const BUCKETS: u32 = 512;

/// QEMU's `tdb_hash(key) % QDICT_BUCKET_MAX` (the key is a C string: it ends
/// at the first NUL).
pub fn bucket(key: &str) -> u32 {
    let bytes = key.as_bytes();
    let bytes = &bytes[..bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len())];
    let mut value: u32 = 0x238F13AFu32.wrapping_mul(bytes.len() as u32);
    for (i, &b) in bytes.iter().enumerate() {
        value = value.wrapping_add((b as u32) << ((i as u32 * 5) % 24));
    }
    1103515243u32.wrapping_mul(value).wrapping_add(12345) % BUCKETS
}

/// Indices of `keys` (given in insertion order) in QEMU's iteration order.
pub fn order<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut idx: Vec<(u32, usize)> = keys.enumerate().map(|(i, k)| (bucket(k), i)).collect();
    idx.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    idx.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_qemu_output_order() {
        let keys = ["major", "minor", "micro"];
        let o = order(keys.iter().copied());
        let ordered: Vec<_> = o.iter().map(|&i| keys[i]).collect();
        assert_eq!(ordered, ["micro", "minor", "major"]);
        let keys = ["event", "data", "timestamp"];
        let ordered: Vec<_> = order(keys.iter().copied())
            .iter()
            .map(|&i| keys[i])
            .collect();
        assert_eq!(ordered, ["timestamp", "event", "data"]);
    }
}
