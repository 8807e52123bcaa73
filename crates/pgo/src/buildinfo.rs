//! The build information a Go binary carries (what `go version -m` prints): Go version, main module,
//! dependencies and build settings such as `-pgo=/abs/default.pgo`. Works on ELF, Mach-O and PE
//! alike: the linker writes a 16-byte aligned block that starts with `\xff Go buildinf:` (Go's
//! `debug/buildinfo`): pointer size, flags (bit 1: strings inline), then the version and the module
//! information as uvarint-length strings, the latter framed by 16-byte sentinels.

use serde::{Deserialize, Serialize};

const MAGIC: &[u8] = b"\xff Go buildinf:";
const HEADER_LEN: usize = 32;
const FLAGS_INLINE_STRINGS: u8 = 0x2;
/// Longest string we accept (the module information of a big binary is tens of KB).
const MAX_STRING: u64 = 16 << 20;

/// What is wrong with a file given as a Go binary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildInfoError {
    #[error("not an executable: no ELF, Mach-O or PE header")]
    NotExecutable,
    #[error(
        "{0} executable without Go build information: not built by Go, stripped, or truncated"
    )]
    NotGo(&'static str),
    #[error("the Go build information is cut short (truncated file?)")]
    Truncated,
    #[error("Go build information in the pre-1.18 format (pointers, not strings): rebuild with Go 1.18 or newer")]
    OldFormat,
}

/// One module: path, version, checksum, and what replaced it (`=>` lines).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    pub path: String,
    pub version: String,
    pub sum: String,
    pub replace: Option<Box<Module>>,
}

/// The build information of a Go binary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildInfo {
    /// `go1.27.3`.
    pub go_version: String,
    /// Package path of the main package.
    pub path: String,
    pub main: Module,
    pub deps: Vec<Module>,
    /// Build settings in order (`-pgo`, `-trimpath`, `CGO_ENABLED`, `vcs.revision`, ...).
    pub settings: Vec<(String, String)>,
    /// The module information text as embedded (`go version -m` prints it indented by a tab).
    pub modinfo: String,
}

impl BuildInfo {
    /// The value of a build setting.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// What `go version -m FILE` prints for this binary.
    pub fn go_version_m(&self, file: &str) -> String {
        let mut out = format!("{file}: {}\n", self.go_version);
        for line in self.modinfo.lines() {
            out.push('\t');
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// Reads the build information of a Go executable.
pub fn read_build_info(bytes: &[u8]) -> Result<BuildInfo, BuildInfoError> {
    let kind = executable_kind(bytes).ok_or(BuildInfoError::NotExecutable)?;
    let start = find_header(bytes).ok_or(BuildInfoError::NotGo(kind))?;
    let header = &bytes[start..];
    if header.len() < HEADER_LEN {
        return Err(BuildInfoError::Truncated);
    }
    if header[15] & FLAGS_INLINE_STRINGS == 0 {
        return Err(BuildInfoError::OldFormat);
    }
    let (version, rest) = read_string(&header[HEADER_LEN..])?;
    let (modinfo, _) = read_string(rest)?;
    let modinfo = strip_sentinels(modinfo);
    let mut info = parse_modinfo(&String::from_utf8_lossy(modinfo));
    info.go_version = String::from_utf8_lossy(version).into_owned();
    Ok(info)
}

fn executable_kind(bytes: &[u8]) -> Option<&'static str> {
    match bytes.get(..4)? {
        [0x7f, b'E', b'L', b'F'] => Some("ELF"),
        [0xfe, 0xed, 0xfa, 0xce | 0xcf] | [0xce | 0xcf, 0xfa, 0xed, 0xfe] => Some("Mach-O"),
        [0xca, 0xfe, 0xba, 0xbe] => Some("Mach-O universal"),
        [b'M', b'Z', ..] => Some("PE"),
        _ => None,
    }
}

/// The first 16-byte aligned magic followed by a plausible header (pointer size 4 or 8). A Go
/// program that mentions the magic itself keeps it in read-only data, not in this shape.
fn find_header(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len().saturating_sub(MAGIC.len()))
        .step_by(16)
        .find(|&i| bytes[i..].starts_with(MAGIC) && matches!(bytes.get(i + 14), Some(4 | 8)))
}

/// A uvarint-length-prefixed string and what follows it.
fn read_string(bytes: &[u8]) -> Result<(&[u8], &[u8]), BuildInfoError> {
    let (len, used) = uvarint(bytes).ok_or(BuildInfoError::Truncated)?;
    if len > MAX_STRING {
        return Err(BuildInfoError::Truncated);
    }
    let rest = &bytes[used..];
    let len = len as usize;
    if rest.len() < len {
        return Err(BuildInfoError::Truncated);
    }
    Ok((&rest[..len], &rest[len..]))
}

fn uvarint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            return Some((value, i + 1));
        }
    }
    None
}

/// The module information sits between two 16-byte sentinels, the last one after a newline.
fn strip_sentinels(modinfo: &[u8]) -> &[u8] {
    if modinfo.len() >= 33 && modinfo[modinfo.len() - 17] == b'\n' {
        &modinfo[16..modinfo.len() - 16]
    } else {
        &[]
    }
}

/// Parses the text of `runtime/debug.BuildInfo.String` (without its `go` line).
fn parse_modinfo(text: &str) -> BuildInfo {
    let mut info =
        BuildInfo { modinfo: text.trim_end_matches('\n').to_owned(), ..BuildInfo::default() };
    for line in text.lines() {
        let mut fields = line.split('\t');
        match fields.next() {
            Some("path") => info.path = fields.next().unwrap_or_default().to_owned(),
            Some("mod") => info.main = module(&mut fields),
            Some("dep") => info.deps.push(module(&mut fields)),
            Some("=>") => {
                if let Some(last) = info.deps.last_mut() {
                    last.replace = Some(Box::new(module(&mut fields)));
                }
            }
            Some("build") => {
                let setting = fields.collect::<Vec<_>>().join("\t");
                if let Some((key, value)) = split_setting(&setting) {
                    info.settings.push((key, value));
                }
            }
            _ => {}
        }
    }
    info
}

fn module<'a>(fields: &mut impl Iterator<Item = &'a str>) -> Module {
    let mut next = || fields.next().unwrap_or_default().to_owned();
    Module { path: next(), version: next(), sum: next(), replace: None }
}

/// `key=value`, either side possibly quoted as Go's `strconv.Quote` does when it holds spaces,
/// tabs, quotes or `=`.
fn split_setting(s: &str) -> Option<(String, String)> {
    let (key, rest) = if s.starts_with('"') {
        let (key, len) = unquote_prefix(s)?;
        (key, s.get(len..)?.strip_prefix('=')?)
    } else {
        let (key, rest) = s.split_once('=')?;
        (key.to_owned(), rest)
    };
    let value = if rest.starts_with('"') { unquote_prefix(rest)?.0 } else { rest.to_owned() };
    Some((key, value))
}

/// A Go double-quoted string at the start of `s`: its value and the bytes it spans.
fn unquote_prefix(s: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An ELF-looking file with a build information block at offset 64.
    fn fake_binary(version: &str, modinfo: &str) -> Vec<u8> {
        let mut bytes = b"\x7fELF".to_vec();
        bytes.resize(64, 0);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&[8, FLAGS_INLINE_STRINGS]);
        bytes.resize(64 + HEADER_LEN, 0);
        let framed = format!("{}{modinfo}{}", "0".repeat(16), "1".repeat(16));
        for s in [version, framed.as_str()] {
            bytes.push(s.len() as u8);
            bytes.extend_from_slice(s.as_bytes());
        }
        bytes
    }

    #[test]
    fn reads_settings_including_quoted_ones() {
        let modinfo = "path\tex.com/a\nmod\tex.com/a\t(devel)\t\nbuild\t-pgo=/x/default.pgo\nbuild\t-ldflags=\"-s -w\"\n";
        let info = read_build_info(&fake_binary("go1.27.3", modinfo)).unwrap();
        assert_eq!(info.go_version, "go1.27.3");
        assert_eq!(info.path, "ex.com/a");
        assert_eq!(info.setting("-pgo"), Some("/x/default.pgo"));
        assert_eq!(info.setting("-ldflags"), Some("-s -w"));
        assert!(info.go_version_m("bin").starts_with("bin: go1.27.3\n\tpath\tex.com/a\n"));
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(read_build_info(b"hello"), Err(BuildInfoError::NotExecutable));
        assert_eq!(read_build_info(b"\x7fELF and nothing"), Err(BuildInfoError::NotGo("ELF")));
        let whole = fake_binary("go1.27.3", "path\tx\n");
        for cut in [64 + 16, 64 + HEADER_LEN, whole.len() - 3] {
            assert_eq!(
                read_build_info(&whole[..cut]),
                Err(BuildInfoError::Truncated),
                "cut at {cut}"
            );
        }
    }
}
