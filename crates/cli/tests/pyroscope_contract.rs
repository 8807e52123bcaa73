//! Contract test of the Pyroscope path (Pyroscope itself cannot be installed here): a server that
//! decodes each request with Pyroscope's `SelectMergeProfileRequest` (field numbers transcribed in
//! the fetch crate), checks its fields and headers, and answers a real pprof profile. Also: profile
//! URLs as inputs, and HTTP errors.

use pgoscope_testkit as common;

use std::io::{BufRead, BufReader, Read, Write};

use std::net::TcpListener;
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use common::{fixtures, pgoscope, run_ok, scratch};
use pgoscope_fetch::pyroscope::{decode_select_merge_profile, SelectMergeProfileRequest};

/// One request as the server saw it.
struct Seen {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Serves `reply` (status, body) to every request on a loopback port; requests go to the channel.
fn server(status: u16, reply: Vec<u8>) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut parts = line.split_whitespace();
            let (method, path) =
                (parts.next().unwrap_or("").to_owned(), parts.next().unwrap_or("").to_owned());
            let mut headers = Vec::new();
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    headers.push((k.trim().to_owned(), v.trim().to_owned()));
                }
            }
            let len = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            let _ = tx.send(Seen { method, path, headers, body });
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/proto\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                reply.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&reply);
        }
    });
    (url, rx)
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64
}

fn fixture_raw() -> Vec<u8> {
    let gz = std::fs::read(fixtures().join("go/websvc-collected.pprof")).unwrap();
    pgoscope_pprof::decompress(&gz, u64::MAX).unwrap().into_owned()
}

#[test]
fn pgo_from_pyroscope_sends_the_query_and_writes_the_same_default_pgo() {
    let (url, seen) = server(200, fixture_raw());
    let dir = scratch!("pyroscope_contract");
    let (ours, reference) = (dir.join("from-pyroscope.pgo"), dir.join("from-file.pgo"));
    let before = now_ms();
    let out = run_ok(
        pgoscope!()
            .args(["pgo", "--pyroscope", &url, "--query", r#"{service_name="websvc"}"#])
            .args(["--from", "now-1h", "--to", "now", "--tenant", "team-a", "-o"])
            .arg(&ours),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("input: 1 Pyroscope query, "), "{stderr}");
    let request = seen.recv().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/querier.v1.QuerierService/SelectMergeProfile");
    assert_eq!(request.header("content-type"), Some("application/proto"));
    assert_eq!(request.header("x-scope-orgid"), Some("team-a"));
    let body: SelectMergeProfileRequest = decode_select_merge_profile(&request.body).unwrap();
    assert_eq!(body.profile_type_id, "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    assert_eq!(body.label_selector, r#"{service_name="websvc"}"#);
    assert_eq!(body.end - body.start, 3_600_000);
    assert!(body.end >= before && body.end <= now_ms(), "end is now");
    run_ok(
        pgoscope!()
            .args(["pgo", "-o"])
            .arg(&reference)
            .arg(fixtures().join("go/websvc-collected.pprof")),
    );
    assert_eq!(std::fs::read(&ours).unwrap(), std::fs::read(&reference).unwrap());

    run_ok(
        pgoscope!()
            .args([
                "pgo",
                "--pyroscope",
                &format!("{url}/"),
                "--type",
                "memory:alloc_space:bytes:space:bytes",
            ])
            .args(["--from", "1763900000000", "--to", "1763903600000", "-o"])
            .arg(&ours),
    );
    let body = decode_select_merge_profile(&seen.recv().unwrap().body).unwrap();
    assert_eq!((body.start, body.end), (1_763_900_000_000, 1_763_903_600_000));
    assert_eq!(body.profile_type_id, "memory:alloc_space:bytes:space:bytes");
    assert_eq!(body.label_selector, "{}");
}

#[test]
fn urls_are_inputs_and_http_errors_are_named() {
    let (url, _seen) =
        server(200, std::fs::read(fixtures().join("go/websvc-before-1.pprof")).unwrap());
    let remote =
        run_ok(pgoscope!().args(["top", "--json", &format!("{url}/debug/pprof/profile")])).stdout;
    let local = run_ok(
        pgoscope!().args(["top", "--json"]).arg(fixtures().join("go/websvc-before-1.pprof")),
    )
    .stdout;
    assert_eq!(remote, local);

    let (url, _seen) = server(503, b"overloaded".to_vec());
    let out = pgoscope!().args(["pgo", "--pyroscope", &url, "-o", "/dev/null"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("HTTP 503"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = pgoscope!().args(["top", "http://127.0.0.1:9/nothing.pprof"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("127.0.0.1:9"));
}

#[test]
fn ci_takes_a_pyroscope_query_as_an_input_and_skips_a_failing_one() {
    let dir = scratch!("pyroscope_ci");
    let (url, seen) = server(200, fixture_raw());
    let (ours, reference, report) = (dir.join("ci.pgo"), dir.join("pgo.pgo"), dir.join("r.md"));
    run_ok(
        pgoscope!()
            .args(["ci", "--pyroscope", &url, "--query", r#"{service_name="websvc"}"#])
            .args(["--from", "now-2h", "--report"])
            .arg(&report)
            .arg("--out")
            .arg(&ours),
    );
    let body = decode_select_merge_profile(&seen.recv().unwrap().body).unwrap();
    assert_eq!(
        (body.label_selector.as_str(), body.end - body.start),
        (r#"{service_name="websvc"}"#, 7_200_000)
    );
    let collected = fixtures().join("go/websvc-collected.pprof");
    run_ok(pgoscope!().args(["pgo", "-o"]).arg(&reference).arg(&collected));
    assert_eq!(std::fs::read(&ours).unwrap(), std::fs::read(&reference).unwrap());
    let md = std::fs::read_to_string(&report).unwrap();
    assert!(md.contains(&format!("`Pyroscope {url} {{service_name=\"websvc\"}}`")), "{md}");

    // Pyroscope down: the file input still makes default.pgo, the query is skipped and named, and
    // the step succeeds (a broken profile source must not break a release).
    let (down, _seen) = server(503, b"overloaded".to_vec());
    let file = fixtures().join("go/websvc-before-1.pprof");
    run_ok(
        pgoscope!()
            .args(["ci", "--pyroscope", &down, "--report"])
            .arg(&report)
            .arg("--out")
            .arg(&ours)
            .arg(&file),
    );
    run_ok(pgoscope!().args(["pgo", "-o"]).arg(&reference).arg(&file));
    assert_eq!(std::fs::read(&ours).unwrap(), std::fs::read(&reference).unwrap());
    let md = std::fs::read_to_string(&report).unwrap();
    let skipped = md
        .lines()
        .find(|l| l.starts_with(&format!("- skipped `Pyroscope {down}")))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(skipped.contains("HTTP 503"), "{skipped}");
}
