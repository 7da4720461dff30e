//! Which member QEMU reports as unexpected. QEMU's input visitor tracks the
//! members it has not visited in a GLib `GHashTable` (keys inserted in QDict
//! order, removed as they are visited) and reports the first key in that
//! table's iteration order. This reproduces GLib's table: `g_str_hash`,
//! index `(hash * 11) % prime`, quadratic probing, tombstones, and resizing.

const MIN_SHIFT: u32 = 3;
const PRIME_MOD: [u32; 32] = [
    1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071,
    262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689,
    268435399, 536870909, 1073741789, 2147483647,
];

/// GLib's `g_str_hash` (djb2 over signed chars).
pub fn g_str_hash(s: &str) -> u32 {
    let mut h: u32 = 5381;
    for &b in s.as_bytes() {
        if b == 0 {
            break;
        }
        h = (h << 5).wrapping_add(h).wrapping_add(b as i8 as i32 as u32);
    }
    h
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Unused,
    Tombstone,
    Used(usize, u32),
}

struct Table<'a> {
    keys: &'a [&'a str],
    slots: Vec<Slot>,
    shift: u32,
    nnodes: usize,
    noccupied: usize,
}

impl<'a> Table<'a> {
    fn new(keys: &'a [&'a str]) -> Self {
        let mut t = Table {
            keys,
            slots: Vec::new(),
            shift: 0,
            nnodes: 0,
            noccupied: 0,
        };
        t.set_shift(MIN_SHIFT);
        t
    }

    fn set_shift(&mut self, shift: u32) {
        self.shift = shift;
        self.slots = vec![Slot::Unused; 1 << shift];
    }

    fn hash(&self, i: usize) -> u32 {
        let h = g_str_hash(self.keys[i]);
        if h < 2 {
            2
        } else {
            h
        }
    }

    /// Slot for key `i`: where it is, or where it would go.
    fn lookup(&self, i: usize, h: u32) -> (usize, bool) {
        let mask = (1usize << self.shift) - 1;
        let mut idx = (h.wrapping_mul(11) % PRIME_MOD[self.shift as usize]) as usize;
        let mut step = 0;
        let mut tomb = None;
        loop {
            match self.slots[idx] {
                Slot::Unused => return (tomb.unwrap_or(idx), false),
                Slot::Used(j, hj) if hj == h && self.keys[j] == self.keys[i] => return (idx, true),
                Slot::Tombstone if tomb.is_none() => tomb = Some(idx),
                _ => {}
            }
            step += 1;
            idx = (idx + step) & mask;
        }
    }

    fn place(&mut self, i: usize) {
        let h = self.hash(i);
        let (idx, found) = self.lookup(i, h);
        if found {
            return;
        }
        if self.slots[idx] == Slot::Unused {
            self.noccupied += 1;
        }
        self.slots[idx] = Slot::Used(i, h);
        self.nnodes += 1;
    }

    fn maybe_resize(&mut self) {
        let size = self.slots.len();
        if (size > self.nnodes * 4 && size > 1 << MIN_SHIFT)
            || size <= self.noccupied + self.noccupied / 16
        {
            let live: Vec<usize> = self
                .slots
                .iter()
                .filter_map(|s| {
                    if let Slot::Used(i, _) = s {
                        Some(*i)
                    } else {
                        None
                    }
                })
                .collect();
            let mut n = (self.nnodes as f64 * 1.333) as u64;
            let mut shift = 0;
            while n > 0 {
                n >>= 1;
                shift += 1;
            }
            self.set_shift(shift.max(MIN_SHIFT));
            self.nnodes = 0;
            self.noccupied = 0;
            for i in live {
                self.place(i);
            }
        }
    }

    fn remove(&mut self, i: usize) {
        let h = self.hash(i);
        let (idx, found) = self.lookup(i, h);
        if found {
            self.slots[idx] = Slot::Tombstone;
            self.nnodes -= 1;
            self.maybe_resize();
        }
    }
}

/// `keys`: the object's members in QDict iteration order; `visited`: the
/// members the visitor consumed, in visit order. Returns the member QEMU
/// reports as unexpected, if any.
pub fn first_unexpected<'a>(keys: &[&'a str], visited: &[&str]) -> Option<&'a str> {
    let mut t = Table::new(keys);
    for i in 0..keys.len() {
        t.place(i);
        t.maybe_resize();
    }
    for v in visited {
        if let Some(i) = keys.iter().position(|k| k == v) {
            t.remove(i);
        }
    }
    t.slots.iter().find_map(|s| {
        if let Slot::Used(i, _) = s {
            Some(keys[*i])
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_qemu_choice() {
        // QEMU 10.0.2 answers "Parameter 'b' is unexpected" for {"a","b","c"}
        // and 'y' for {"enable","x","y"} after visiting "enable".
        let keys = ["a", "b", "c"];
        let order = crate::json::qdict_order::order(keys.iter().copied());
        let q: Vec<&str> = order.iter().map(|&i| keys[i]).collect();
        assert_eq!(first_unexpected(&q, &[]), Some("b"));
        let keys = ["enable", "x", "y"];
        let order = crate::json::qdict_order::order(keys.iter().copied());
        let q: Vec<&str> = order.iter().map(|&i| keys[i]).collect();
        assert_eq!(first_unexpected(&q, &["enable"]), Some("y"));
    }
}
