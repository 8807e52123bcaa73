//! A tiny profile builder for tests.

use pgoscope_pprof::proto::{Function, Label, Line, Location, Mapping, Profile, Sample, ValueType};

/// Builds a small valid profile: `cpu/nanoseconds` samples whose stacks are function names, leaf
/// first, one location (address = 0x1000 + function index) and one line per frame, one mapping.
pub struct Builder {
    pub p: Profile,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new(0x400000, "buildid-1")
    }
}

impl Builder {
    pub fn new(mapping_start: u64, build_id: &str) -> Self {
        let mut b =
            Builder { p: Profile { string_table: vec![String::new()], ..Profile::default() } };
        let (cpu, ns) = (b.s("cpu"), b.s("nanoseconds"));
        b.p.sample_type = vec![ValueType { r#type: cpu, unit: ns }];
        b.p.period_type = Some(ValueType { r#type: cpu, unit: ns });
        b.p.period = 10_000_000;
        let (file, id) = (b.s("/bin/app"), b.s(build_id));
        b.p.mapping.push(Mapping {
            id: 1,
            memory_start: mapping_start,
            memory_limit: mapping_start + 0x10000,
            filename: file,
            build_id: id,
            has_functions: true,
            ..Mapping::default()
        });
        b
    }

    /// Interns a string.
    pub fn s(&mut self, s: &str) -> i64 {
        match self.p.string_table.iter().position(|x| x == s) {
            Some(i) => i as i64,
            None => {
                self.p.string_table.push(s.to_owned());
                self.p.string_table.len() as i64 - 1
            }
        }
    }

    /// Location id of a function's single-line location, created on first use.
    pub fn loc(&mut self, name: &str) -> u64 {
        let name_index = self.s(name);
        if let Some(f) = self.p.function.iter().find(|f| f.name == name_index) {
            let fid = f.id;
            return self.p.location.iter().find(|l| l.line[0].function_id == fid).unwrap().id;
        }
        let id = self.p.function.len() as u64 + 1;
        let file = self.s("main.go");
        self.p.function.push(Function {
            id,
            name: name_index,
            system_name: name_index,
            filename: file,
            start_line: 10,
        });
        let lid = self.p.location.len() as u64 + 1;
        let start = self.p.mapping[0].memory_start;
        self.p.location.push(Location {
            id: lid,
            mapping_id: 1,
            address: start + 0x100 * id,
            line: vec![Line { function_id: id, line: 12, column: 0 }],
            is_folded: false,
        });
        lid
    }

    pub fn sample(&mut self, stack: &[&str], value: i64) -> &mut Self {
        self.labeled(stack, value, &[])
    }

    pub fn labeled(&mut self, stack: &[&str], value: i64, labels: &[(&str, &str)]) -> &mut Self {
        let location_id = stack.iter().map(|f| self.loc(f)).collect();
        let label = labels
            .iter()
            .map(|(k, v)| Label { key: self.s(k), str: self.s(v), ..Label::default() })
            .collect();
        self.p.sample.push(Sample { location_id, value: vec![value], label });
        self
    }

    pub fn build(&self) -> Profile {
        self.p.clone()
    }
}
