//! What a copy changes: the target's config now beside what the copy makes
//! of it, per type.

use super::{ConfigSet, Item, MobileConfig};

/// What a copy does to one type of the target's config.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub kind: String,
    /// The source's entries: the target's after the copy.
    pub after: Vec<Item>,
    /// The target's entries now.
    pub before: Vec<Item>,
    /// In `after`, not in `before`.
    pub added: Vec<Item>,
    /// In `before`, not in `after`.
    pub removed: Vec<Item>,
}

/// Side by side, per type (the source's types first, then any only the
/// target has, which the copy empties), what the copy will add and remove.
/// Entries are compared by id. `target` is `None` when it has no config.
pub fn preview(source: &MobileConfig, target: Option<&MobileConfig>) -> Vec<Change> {
    let empty = Vec::new();
    let target_sets = target.map_or(&empty, |t| &t.configs);
    let mut kinds: Vec<&str> = source.configs.iter().map(|c| c.kind.as_str()).collect();
    for t in target_sets {
        if !kinds.contains(&t.kind.as_str()) {
            kinds.push(&t.kind);
        }
    }
    let items_of = |sets: &Vec<ConfigSet>, kind: &str| -> Vec<Item> {
        sets.iter()
            .filter(|c| c.kind == kind)
            .flat_map(|c| c.items.iter().cloned())
            .collect()
    };
    kinds
        .into_iter()
        .map(|kind| {
            let after = items_of(&source.configs, kind);
            let before = items_of(target_sets, kind);
            let missing_from =
                |list: &Vec<Item>, i: &Item| !list.iter().any(|x| x.id.eq_ignore_ascii_case(&i.id));
            Change {
                kind: kind.to_string(),
                added: after
                    .iter()
                    .filter(|i| missing_from(&before, i))
                    .cloned()
                    .collect(),
                removed: before
                    .iter()
                    .filter(|i| missing_from(&after, i))
                    .cloned()
                    .collect(),
                after,
                before,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_shows_each_type_with_what_is_added_and_removed() {
        let item = |id: &str, name: &str| Item {
            id: id.into(),
            name: name.into(),
        };
        let set = |kind: &str, items: Vec<Item>| ConfigSet {
            kind: kind.into(),
            items,
            others: Vec::new(),
        };
        let source = MobileConfig {
            id: "s".into(),
            customer: "c".into(),
            configs: vec![
                set("COLLEAGUES", vec![item("a", "Ann"), item("b", "Bo")]),
                set("SPEED_DIALS", vec![item("x", "Home")]),
            ],
        };
        let target = MobileConfig {
            id: "t".into(),
            customer: "c".into(),
            configs: vec![
                set("QUEUES", vec![item("q", "Support")]),
                set("COLLEAGUES", vec![item("B", "Bo"), item("c", "Cy")]),
            ],
        };
        let p = preview(&source, Some(&target));
        let kinds: Vec<&str> = p.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(kinds, ["COLLEAGUES", "SPEED_DIALS", "QUEUES"]);
        assert_eq!(p[0].added, [item("a", "Ann")]);
        assert_eq!(p[0].removed, [item("c", "Cy")]);
        assert_eq!(p[1].added, [item("x", "Home")]);
        assert!(p[1].before.is_empty());
        // A type only the target has is emptied by the copy.
        assert_eq!(p[2].removed, [item("q", "Support")]);
        assert!(p[2].after.is_empty());
        // No config yet: everything is added.
        let fresh = preview(&source, None);
        assert_eq!(fresh[0].added.len(), 2);
        assert!(fresh.iter().all(|c| c.removed.is_empty()));
    }
}
