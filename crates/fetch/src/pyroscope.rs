//! The Pyroscope query API: `querier.v1.QuerierService` over Connect (unary: an HTTP POST to
//! `{base}/querier.v1.QuerierService/{Method}` with `Content-Type: application/proto`, the request
//! message as the body, the reply message as the response body). The messages below transcribe
//! `api/querier/v1/querier.proto` and `api/types/v1/types.proto` of grafana/pyroscope (field numbers
//! included). `SelectMergeProfile` replies with a `google.v1.Profile`: a pprof profile.

/// `SelectMergeProfile`: the merged profile of a query, in pprof format.
pub const SELECT_MERGE_PROFILE: &str = "querier.v1.QuerierService/SelectMergeProfile";
pub const PROFILE_TYPES: &str = "querier.v1.QuerierService/ProfileTypes";
pub const LABEL_NAMES: &str = "querier.v1.QuerierService/LabelNames";
pub const LABEL_VALUES: &str = "querier.v1.QuerierService/LabelValues";

/// `querier.v1.SelectMergeProfileRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct SelectMergeProfileRequest {
    /// `<name>:<type>:<unit>:<period_type>:<period_unit>`, e.g.
    /// `process_cpu:cpu:nanoseconds:cpu:nanoseconds`.
    #[prost(string, tag = "1")]
    pub profile_type_id: String,
    /// e.g. `{service_name="web-server"}`.
    #[prost(string, tag = "2")]
    pub label_selector: String,
    /// Milliseconds since the epoch.
    #[prost(int64, tag = "3")]
    pub start: i64,
    #[prost(int64, tag = "4")]
    pub end: i64,
    #[prost(int64, optional, tag = "5")]
    pub max_nodes: Option<i64>,
}

/// `querier.v1.ProfileTypesRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ProfileTypesRequest {
    #[prost(int64, tag = "1")]
    pub start: i64,
    #[prost(int64, tag = "2")]
    pub end: i64,
}

/// `types.v1.ProfileType`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ProfileType {
    #[prost(string, tag = "1")]
    pub id: String,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "4")]
    pub sample_type: String,
    #[prost(string, tag = "5")]
    pub sample_unit: String,
    #[prost(string, tag = "6")]
    pub period_type: String,
    #[prost(string, tag = "7")]
    pub period_unit: String,
}

/// `querier.v1.ProfileTypesResponse`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ProfileTypesResponse {
    #[prost(message, repeated, tag = "1")]
    pub profile_types: Vec<ProfileType>,
}

/// `types.v1.LabelNamesRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct LabelNamesRequest {
    #[prost(string, repeated, tag = "1")]
    pub matchers: Vec<String>,
    #[prost(int64, tag = "2")]
    pub start: i64,
    #[prost(int64, tag = "3")]
    pub end: i64,
}

/// `types.v1.LabelValuesRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct LabelValuesRequest {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(string, repeated, tag = "2")]
    pub matchers: Vec<String>,
    #[prost(int64, tag = "3")]
    pub start: i64,
    #[prost(int64, tag = "4")]
    pub end: i64,
}

/// `types.v1.LabelNamesResponse` and `types.v1.LabelValuesResponse` (both: `repeated string names = 1`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct NamesResponse {
    #[prost(string, repeated, tag = "1")]
    pub names: Vec<String>,
}

/// A merged-profile query, times resolved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PyroscopeQuery {
    /// Server base URL (`http://pyroscope:4040`), or a same-origin path (`/pyroscope`, or empty).
    pub base: String,
    pub profile_type: String,
    pub selector: String,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Sent as `X-Scope-OrgID` (multi-tenant Pyroscope).
    pub tenant: Option<String>,
}

/// CPU of Go services as Grafana Alloy's `pyroscope.scrape` reports it.
pub const DEFAULT_PROFILE_TYPE: &str = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

/// Whether `s` is meant as a Pyroscope profile type ID
/// (`name:sample_type:sample_unit:period_type:period_unit`), as opposed to a pprof sample type
/// (`cpu/nanoseconds`, `cpu`): it has a `:`, which no pprof sample type written `type/unit` has. A
/// malformed ID still counts, so that Pyroscope's answer names what is wrong with it.
pub fn is_profile_type(s: &str) -> bool {
    s.contains(':')
}

impl PyroscopeQuery {
    /// URL of a method of the querier service.
    pub fn url(&self, method: &str) -> String {
        format!("{}/{method}", self.base.trim_end_matches('/'))
    }

    /// Headers of every call: the Connect content type and protocol version, and the tenant.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("Content-Type", "application/proto".to_owned()),
            ("Connect-Protocol-Version", "1".to_owned()),
        ];
        if let Some(tenant) = self.tenant.as_ref().filter(|t| !t.is_empty()) {
            headers.push(("X-Scope-OrgID", tenant.clone()));
        }
        headers
    }

    /// Body of `SelectMergeProfile`.
    pub fn select_merge_profile_body(&self) -> Vec<u8> {
        prost::Message::encode_to_vec(&SelectMergeProfileRequest {
            profile_type_id: self.profile_type.clone(),
            label_selector: self.selector.clone(),
            start: self.start_ms,
            end: self.end_ms,
            max_nodes: None,
        })
    }

    /// Body of `ProfileTypes` for the query's time range.
    pub fn profile_types_body(&self) -> Vec<u8> {
        prost::Message::encode_to_vec(&ProfileTypesRequest {
            start: self.start_ms,
            end: self.end_ms,
        })
    }

    /// Body of `LabelNames` (matching the query's selector).
    pub fn label_names_body(&self) -> Vec<u8> {
        prost::Message::encode_to_vec(&LabelNamesRequest {
            matchers: vec![self.selector.clone()],
            start: self.start_ms,
            end: self.end_ms,
        })
    }

    /// Body of `LabelValues` for one label name.
    pub fn label_values_body(&self, name: &str) -> Vec<u8> {
        prost::Message::encode_to_vec(&LabelValuesRequest {
            name: name.to_owned(),
            matchers: vec![self.selector.clone()],
            start: self.start_ms,
            end: self.end_ms,
        })
    }

    /// A file name for the result: `pyroscope <selector> <type name>`.
    pub fn file_name(&self) -> String {
        let name = self.profile_type.split(':').next().unwrap_or("profile");
        format!("pyroscope {} {name}.pb", self.selector)
    }
}

/// Reads a `ProfileTypes` reply.
pub fn decode_profile_types(bytes: &[u8]) -> Result<Vec<ProfileType>, prost::DecodeError> {
    <ProfileTypesResponse as prost::Message>::decode(bytes).map(|r| r.profile_types)
}

/// Reads a `LabelNames` or `LabelValues` reply.
pub fn decode_names(bytes: &[u8]) -> Result<Vec<String>, prost::DecodeError> {
    <NamesResponse as prost::Message>::decode(bytes).map(|r| r.names)
}

/// Reads a `SelectMergeProfile` request body (what a server, or a contract test, receives).
pub fn decode_select_merge_profile(
    bytes: &[u8],
) -> Result<SelectMergeProfileRequest, prost::DecodeError> {
    <SelectMergeProfileRequest as prost::Message>::decode(bytes)
}
