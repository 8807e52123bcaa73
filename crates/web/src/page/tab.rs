//! The views of the page, one shown at a time, each a tab.

/// A view of the loaded profiles. The default shows the flame graph and the top table side by side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tab {
    Flame,
    Top,
    #[default]
    Both,
    Sandwich,
    Pgo,
    Compare,
    Source,
    Graph,
}

impl Tab {
    /// In tab order; key `1` shows the first.
    pub const ALL: [Tab; 8] = [
        Tab::Flame,
        Tab::Top,
        Tab::Both,
        Tab::Sandwich,
        Tab::Pgo,
        Tab::Compare,
        Tab::Source,
        Tab::Graph,
    ];

    /// Its name in the URL hash (`tab=`) and in its tab's `data-testid` (`view-tab-…`).
    pub fn key(self) -> &'static str {
        match self {
            Tab::Flame => "flame",
            Tab::Top => "top",
            Tab::Both => "both",
            Tab::Sandwich => "sandwich",
            Tab::Pgo => "pgo",
            Tab::Compare => "compare",
            Tab::Source => "source",
            Tab::Graph => "graph",
        }
    }

    pub fn parse(key: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Flame => "Flame graph",
            Tab::Top => "Top",
            Tab::Both => "Flame + Top",
            Tab::Sandwich => "Sandwich",
            Tab::Pgo => "PGO",
            Tab::Compare => "Compare",
            Tab::Source => "Source",
            Tab::Graph => "Call graph",
        }
    }

    /// The tab a digit key shows (`1` … `8`).
    pub fn of_key(key: &str) -> Option<Tab> {
        let n: usize = key.parse().ok()?;
        Tab::ALL.get(n.checked_sub(1)?).copied()
    }

    /// The digit key that shows it.
    pub fn digit(self) -> usize {
        Tab::ALL.iter().position(|&t| t == self).unwrap_or(0) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_digits_and_names_go_both_ways() {
        for tab in Tab::ALL {
            assert_eq!(Tab::parse(tab.key()), Some(tab));
            assert_eq!(Tab::of_key(&tab.digit().to_string()), Some(tab));
        }
        assert_eq!((Tab::of_key("0"), Tab::of_key("9"), Tab::of_key("x")), (None, None, None));
        assert_eq!(Tab::parse("callgraph"), None);
    }
}
