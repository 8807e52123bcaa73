//! Opening what a link to the page names: `url=` profiles and Pyroscope queries.

use crate::page::remote::Remote;
use crate::page::state::Action;
use crate::page::tab::Tab;
use crate::protocol::Group;

use super::Loader;

impl Loader {
    /// Loads what the page's URL hash links to: `url=` profiles, and a Pyroscope query (into the
    /// Candidate group, with its `base_from`/`base_to` twin in the Baseline group, when the link asks
    /// for a comparison).
    pub fn open_deep_link(&self) {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        let link = match pgoscope_fetch::parse_deep_link(&hash, js_sys::Date::now() as i64) {
            Ok(link) => link,
            Err(e) => return self.failed(self.next_id(), "link".into(), e.to_string()),
        };
        let remotes = |urls: &[String]| -> Vec<(String, Remote)> {
            urls.iter()
                .map(|u| (u.rsplit('/').next().unwrap_or(u).to_owned(), Remote::Get(u.clone())))
                .collect()
        };
        // `base_url=` files are compared with the `url=` ones: both go to their group. Without `url=`
        // files there is nothing to compare them with, and they open like `url=` files.
        let comparing = !link.baseline_urls.is_empty() && !link.urls.is_empty();
        let baseline = comparing.then_some(Group::Baseline);
        if comparing || link.pyroscope.as_ref().is_some_and(|p| p.baseline.is_some()) {
            // A link that asks for a comparison opens on it.
            self.dispatch(Action::ShowTab(Tab::Compare));
        }
        if !link.baseline_urls.is_empty() {
            self.load_remote(remotes(&link.baseline_urls), baseline);
        }
        if !link.urls.is_empty() {
            let group = comparing.then_some(Group::Candidate);
            self.load_remote(remotes(&link.urls), group);
        }
        let Some(pyro) = link.pyroscope else { return };
        let source = |q: &pgoscope_fetch::PyroscopeQuery, label: &str| {
            let body = q.select_merge_profile_body();
            let remote = Remote::pyroscope(q, pgoscope_fetch::SELECT_MERGE_PROFILE, body);
            vec![(format!("{label}{}", q.file_name()), remote)]
        };
        match &pyro.baseline {
            Some(base) => {
                self.load_remote(source(base, "baseline: "), Some(Group::Baseline));
                self.load_remote(source(&pyro.query, ""), Some(Group::Candidate));
            }
            None => self.load_remote(source(&pyro.query, ""), None),
        }
    }
}
