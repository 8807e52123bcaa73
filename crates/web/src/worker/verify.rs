//! A build log checked against the profile the view's default.pgo is made of: what the compiler
//! did at each hot call site (`pgoscope verify`). The log is kept, so each new view is checked
//! again.

use pgoscope_pgo::{verify_profile, BuildLog, VerifyReport};
use pgoscope_pprof::FlatProfile;

/// A build log the user gave: its name and what it says.
pub struct KeptLog {
    pub name: String,
    pub log: BuildLog,
}

impl KeptLog {
    pub fn new(name: String, bytes: &[u8]) -> KeptLog {
        KeptLog { name, log: BuildLog::parse(&String::from_utf8_lossy(bytes)) }
    }

    /// The report for `profile`, or why the log does not fit it.
    pub fn report(&self, profile: &FlatProfile) -> Result<VerifyReport, String> {
        verify_profile(&profile.to_profile(), &self.log).map_err(|e| e.to_string())
    }
}
