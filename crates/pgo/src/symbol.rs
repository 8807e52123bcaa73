//! What a Go function symbol says about its function: method or plain function, closure or not.
//!
//! Symbols as the runtime writes them into profiles: `path/to/pkg.F`, `pkg.T.M`, `pkg.(*T).M`,
//! `pkg.F.func1`, `pkg.F.func1.2`, `pkg.F.gowrap1`, `pkg.F.func1-range1`, `pkg.T.M-fm` (method
//! value wrapper), generic instances `pkg.G[go.shape.int]`. Dots in the last element of a package
//! path are escaped (`gopkg.in/yaml%2ev3`), so the package ends at the first dot after the last
//! slash outside brackets.

/// The name after the package, split at the dots outside brackets and parentheses:
/// `pkg.(*T[a.b]).M` → `["(*T[a.b])", "M"]`.
fn parts_after_package(symbol: &str) -> Vec<&str> {
    let head = symbol.find('[').map_or(symbol, |i| &symbol[..i]);
    let start = head.rfind('/').map_or(0, |i| i + 1);
    let Some(dot) = symbol[start..].find('.') else { return vec![symbol] };
    let rest = &symbol[start + dot + 1..];
    let (mut parts, mut depth, mut from) = (Vec::new(), 0i32, 0);
    for (i, c) in rest.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            '.' if depth == 0 => {
                parts.push(&rest[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&rest[from..]);
    parts
}

/// Whether one dot-separated part names a compiler-generated function: a closure (`func1`, or
/// `1` for closures nested in closures), a go/defer wrapper, a range-over-func body or a method
/// value wrapper (`-fm`).
fn is_generated(part: &str) -> bool {
    let numbered = |prefix: &str| {
        part.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    part.contains('-')
        || numbered("func")
        || numbered("gowrap")
        || numbered("deferwrap")
        || numbered("")
}

/// The method name of a method symbol (`pkg.T.M`, `pkg.(*T).M` → `M`); `None` for plain functions
/// and closures.
pub fn method_name(symbol: &str) -> Option<&str> {
    match parts_after_package(symbol)[..] {
        [_, method] if !is_generated(method) => Some(method),
        _ => None,
    }
}

/// Whether the symbol is a closure or another compiler-generated function body (its last part is
/// generated).
pub fn is_closure(symbol: &str) -> bool {
    match parts_after_package(symbol)[..] {
        [_, .., last] => is_generated(last),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_functions_and_closures() {
        assert_eq!(method_name("main.Circle.Area"), Some("Area"));
        assert_eq!(method_name("regexp.(*Regexp).FindAllString"), Some("FindAllString"));
        assert_eq!(method_name("gopkg.in/yaml%2ev3.(*decoder).unmarshal"), Some("unmarshal"));
        assert_eq!(method_name("example.com/a.(*List[go.shape.string]).Push"), Some("Push"));
        assert_eq!(method_name("strings.Repeat"), None);
        assert_eq!(method_name("main.handleShapes"), None);
        assert_eq!(method_name("encoding/json/v2.makeSliceArshaler.func3"), None);
        assert_eq!(method_name("main.(*T).M.func1"), None);
        assert_eq!(method_name("main.T.M-fm"), None);
        assert_eq!(method_name("slices.Sort[go.shape.[]int,go.shape.int]"), None);
        assert!(is_closure("encoding/json/v2.makeSliceArshaler.func3"));
        assert!(is_closure("main.f.func1.2"));
        assert!(is_closure("regexp.(*Regexp).allString.func1-range1"));
        assert!(!is_closure("main.handleShapes"));
        assert!(!is_closure("main.Circle.Area"));
    }
}
