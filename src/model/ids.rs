//! Short ids for things users create (backlog items, milestones, custom items, evidence).
//!
//! Why random and not sequential: two teammates creating items on two branches must never
//! mint the same id, or the merge silently pairs unrelated items. Four characters from an
//! alphabet without look-alikes (`0/o`, `1/l/i`) stay short enough to say out loud
//! ("RB-k3fz") while making a collision between two branches a one-in-a-million event;
//! a collision inside one workbook is avoided by retrying.

/// Letters and digits that cannot be mistaken for each other when read aloud or typed.
pub const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// How many random characters follow the prefix.
pub const ID_LEN: usize = 4;

/// Prefixes of each kind of user-created entity, so an id says what it names.
pub const BACKLOG_PREFIX: &str = "RB";
pub const MILESTONE_PREFIX: &str = "MS";
pub const CUSTOM_ITEM_PREFIX: &str = "CI";
pub const EVIDENCE_PREFIX: &str = "EV";

/// A new id `PREFIX-xxxx` that `taken` does not already know.
pub fn new_id(prefix: &str, rng: &mut fastrand::Rng, taken: impl Fn(&str) -> bool) -> String {
    loop {
        let mut id = String::with_capacity(prefix.len() + 1 + ID_LEN);
        id.push_str(prefix);
        id.push('-');
        for _ in 0..ID_LEN {
            id.push(char::from(ALPHABET[rng.usize(..ALPHABET.len())]));
        }
        if !taken(&id) {
            return id;
        }
    }
}

/// Whether `id` has the shape `PREFIX-xxxx` with characters from [`ALPHABET`].
pub fn is_well_formed(prefix: &str, id: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|tail| {
            (2..=12).contains(&tail.len())
                && tail.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_avoid_taken_ones() {
        let mut rng = fastrand::Rng::with_seed(7);
        let first = new_id("RB", &mut rng, |_| false);
        assert!(is_well_formed("RB", &first));
        assert_eq!(first.len(), 7);
        let mut rng = fastrand::Rng::with_seed(7);
        let second = new_id("RB", &mut rng, |id| id == first);
        assert_ne!(first, second);
    }

    #[test]
    fn shape_check_rejects_other_prefixes() {
        assert!(is_well_formed("MS", "MS-k3fz"));
        assert!(!is_well_formed("MS", "RB-k3fz"));
        assert!(!is_well_formed("MS", "MS-"));
        assert!(!is_well_formed("MS", "MS-a b"));
    }
}
