//! `--pyroscope`: a merged profile straight from Grafana Pyroscope (`SelectMergeProfile`), the step
//! a CI pipeline runs before `go build -pgo=default.pgo`.

use pgoscope_fetch::{parse_time, PyroscopeQuery};
use pgoscope_pprof::{decode, Profile};

use crate::input::CliError;

#[derive(clap::Args)]
pub struct PyroscopeArgs {
    /// Pyroscope server base URL (e.g. http://pyroscope:4040); the query below is run there.
    #[arg(long)]
    pub pyroscope: Option<String>,
    /// Label selector, e.g. '{service_name="web-server"}'.
    #[arg(long, default_value = "{}", requires = "pyroscope")]
    query: String,
    /// Profile type ID.
    #[arg(long = "type", default_value = pgoscope_fetch::pyroscope::DEFAULT_PROFILE_TYPE, requires = "pyroscope")]
    profile_type: String,
    /// Start: now, now-<N><s|m|h|d|w>, or epoch milliseconds.
    #[arg(long, default_value = "now-1h", requires = "pyroscope")]
    from: String,
    /// End, like --from.
    #[arg(long, default_value = "now", requires = "pyroscope")]
    to: String,
    /// Tenant, sent as X-Scope-OrgID.
    #[arg(long, requires = "pyroscope")]
    tenant: Option<String>,
}

impl PyroscopeArgs {
    /// The label selector (`--query`).
    pub fn selector(&self) -> &str {
        &self.query
    }

    /// The query, times resolved now.
    pub fn query(&self) -> Result<Option<PyroscopeQuery>, CliError> {
        let Some(base) = &self.pyroscope else { return Ok(None) };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        Ok(Some(PyroscopeQuery {
            base: base.clone(),
            profile_type: self.profile_type.clone(),
            selector: self.query.clone(),
            start_ms: parse_time(&self.from, now).map_err(|e| e.to_string())?,
            end_ms: parse_time(&self.to, now).map_err(|e| e.to_string())?,
            tenant: self.tenant.clone(),
        }))
    }

    /// Runs the query and decodes the reply (None without `--pyroscope`).
    pub fn fetch(&self) -> Result<Option<Profile>, CliError> {
        let Some(query) = self.query()? else { return Ok(None) };
        let bytes = crate::remote::pyroscope_profile(&query)?;
        let profile =
            decode(&bytes).map_err(|e| format!("Pyroscope reply for {}: {e}", query.selector))?;
        if profile.sample.is_empty() {
            return Err(format!(
                "Pyroscope has no {} samples for {} in that time range",
                query.profile_type, query.selector
            ));
        }
        Ok(Some(profile))
    }
}
