//! Source URL templates: where a profile's Go file can be fetched, e.g.
//! `https://raw.githubusercontent.com/ORG/REPO/REF/{path}`. A profile names files by the path they
//! had where the binary was built (`/home/runner/work/repo/repo/pkg/x.go`), so the repository path
//! is some tail of it: the candidates drop leading components one at a time, longest tail first.

/// The placeholder a template must hold.
pub const PATH_PLACEHOLDER: &str = "{path}";
/// Tails tried at most for one file (the longest ones beyond it are not tried).
pub const MAX_SOURCE_URL_TRIES: usize = 8;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SourceUrlError {
    #[error("the source URL template {0:?} has no {{path}}: write where the file's repository path goes, e.g. https://raw.githubusercontent.com/ORG/REPO/REF/{{path}}")]
    NoPlaceholder(String),
    #[error("the source URL template must start with http:// or https:// (got {0:?})")]
    NotHttp(String),
}

/// A URL to try: the template filled with the profile path less `strip` leading components.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceUrl {
    pub strip: usize,
    pub url: String,
}

/// The URLs to try for `profile_path`, in order: the tail that worked for an earlier file
/// (`known_strip`) first, then the longest tails down to the file name, at most
/// [`MAX_SOURCE_URL_TRIES`] in all.
pub fn source_url_candidates(
    template: &str,
    profile_path: &str,
    known_strip: Option<usize>,
) -> Result<Vec<SourceUrl>, SourceUrlError> {
    let template = template.trim();
    if !template.contains(PATH_PLACEHOLDER) {
        return Err(SourceUrlError::NoPlaceholder(template.to_owned()));
    }
    if !(template.starts_with("https://") || template.starts_with("http://")) {
        return Err(SourceUrlError::NotHttp(template.to_owned()));
    }
    let parts: Vec<&str> = profile_path.split('/').filter(|c| !c.is_empty()).collect();
    let fill = |strip: usize| SourceUrl {
        strip,
        url: template.replace(PATH_PLACEHOLDER, &parts[strip..].join("/")),
    };
    let longest = parts.len().saturating_sub(MAX_SOURCE_URL_TRIES);
    let mut order: Vec<usize> = known_strip.filter(|&s| s < parts.len()).into_iter().collect();
    order.extend((longest..parts.len()).filter(|s| Some(*s) != known_strip));
    order.truncate(MAX_SOURCE_URL_TRIES);
    Ok(order.into_iter().map(fill).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GITHUB: &str = "https://raw.githubusercontent.com/acme/shop/v1.2.0/{path}";

    fn urls(path: &str, known: Option<usize>) -> Vec<String> {
        let found = source_url_candidates(GITHUB, path, known).unwrap();
        found.into_iter().map(|c| c.url.rsplit("v1.2.0/").next().unwrap().to_owned()).collect()
    }

    #[test]
    fn tails_longest_first_and_the_known_one_before_them() {
        let path = "/home/runner/work/shop/shop/api/orders.go";
        assert_eq!(
            urls(path, None),
            [
                "home/runner/work/shop/shop/api/orders.go",
                "runner/work/shop/shop/api/orders.go",
                "work/shop/shop/api/orders.go",
                "shop/shop/api/orders.go",
                "shop/api/orders.go",
                "api/orders.go",
                "orders.go",
            ]
        );
        assert_eq!(
            urls(path, Some(5))[..2],
            ["api/orders.go", "home/runner/work/shop/shop/api/orders.go"]
        );
        assert_eq!(urls("/a/b.go", Some(9)), ["a/b.go", "b.go"]);
    }

    #[test]
    fn deep_paths_try_their_shortest_tails() {
        let path = "/x/1/2/3/4/5/6/7/8/9/main.go";
        let tried = urls(path, None);
        assert_eq!(tried.len(), MAX_SOURCE_URL_TRIES);
        assert_eq!(tried.last().unwrap(), "main.go");
    }

    #[test]
    fn templates_without_a_placeholder_or_scheme_are_refused() {
        let no_path = source_url_candidates("https://example.com/src", "/a.go", None);
        assert!(no_path.unwrap_err().to_string().contains("has no {path}"));
        let relative = source_url_candidates("example.com/{path}", "/a.go", None);
        assert_eq!(relative, Err(SourceUrlError::NotHttp("example.com/{path}".to_owned())));
    }
}
