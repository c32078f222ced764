//! The table of object shapes both sides keep (README.md, "Shapes").
//!
//! A shape is its parent (the shape without its last key) plus one key;
//! shape 0 is the empty object. Struct field names are `&'static str`, so
//! a key is identified by its address and length: finding a shape costs a
//! hash of two integers, never a string comparison.

use std::cell::Cell;

/// Most shapes kept; a tape that starts with more than half of them used
/// starts a new table (and tells JavaScript to), so the table never fills
/// up unless one value alone has `MAX_SHAPES / 2` shapes.
pub(crate) const MAX_SHAPES: u32 = 512;
/// Slots of the hash index (a power of two, twice `MAX_SHAPES`).
const SLOTS: usize = 1024;

/// One slot: `(parent, key address, key length, shape)`, the shape with
/// that key after the parent's; `shape` 0 marks a free slot.
type Slot = (u32, usize, usize, u32);

/// The shapes already sent to JavaScript, which keeps the same table.
pub(crate) struct Shapes {
    slots: Vec<Slot>,
    /// Shapes defined, the empty one included.
    pub(crate) len: u32,
}

thread_local! {
    /// Taken while a tape is being built (`None` then), put back after.
    static SHAPES: Cell<Option<Box<Shapes>>> = const { Cell::new(None) };
    /// Whether the table was ever created (so a taken table is not
    /// mistaken for a missing one).
    static SHAPES_MADE: Cell<bool> = const { Cell::new(false) };
}

/// What a slot lookup found: the slot's index, and the shape when defined.
pub(crate) type Found = (usize, Option<u32>);

impl Shapes {
    /// Takes the table for a new tape: `None` while another tape holds it
    /// (a value built from inside the building of another), created on
    /// first use.
    pub(crate) fn take() -> Option<Box<Shapes>> {
        let shapes = SHAPES.with(Cell::take);
        if shapes.is_none() && !SHAPES_MADE.with(|m| m.replace(true)) {
            return Some(Box::new(Shapes {
                slots: vec![(0, 0, 0, 0); SLOTS],
                len: 1,
            }));
        }
        shapes
    }

    /// Puts the table back for the next tape.
    pub(crate) fn put(self: Box<Self>) {
        SHAPES.with(|k| k.set(Some(self)));
    }

    /// The slot of `parent` + `key`.
    pub(crate) fn slot(&self, parent: u32, key: &'static str) -> Found {
        let addr = key.as_ptr() as usize;
        let mut i = (addr ^ (parent as usize) << 16).wrapping_mul(0x9E37_79B9) >> 6;
        loop {
            i %= SLOTS;
            let (p, a, n, shape) = self.slots.get(i).copied().unwrap_or_default();
            if shape == 0 {
                return (i, None);
            }
            if a == addr && p == parent && n == key.len() {
                return (i, Some(shape));
            }
            i += 1;
        }
    }

    /// Defines the next shape, `parent` + `key`, in free slot `i` (from
    /// [`Shapes::slot`]): its number.
    pub(crate) fn define(&mut self, i: usize, parent: u32, key: &'static str) -> u32 {
        let shape = self.len;
        self.len += 1;
        if let Some(s) = self.slots.get_mut(i) {
            *s = (parent, key.as_ptr() as usize, key.len(), shape);
        }
        shape
    }

    /// Forgets the shapes from `from` on (a tape that failed before
    /// JavaScript saw them, or a new table when `from` is 1).
    pub(crate) fn truncate(&mut self, from: u32) {
        if self.len > from {
            for slot in &mut self.slots {
                if slot.3 >= from {
                    *slot = (0, 0, 0, 0);
                }
            }
            self.len = from;
        }
    }
}
