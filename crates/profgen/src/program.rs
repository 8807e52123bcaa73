//! The synthetic program: functions with Go-like names, files and start lines, a call graph with
//! back edges (recursion), and stacks drawn as random walks from `main`, some frames inlined into
//! their callers. Every draw comes from one seeded generator: same options, same program.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rustc_hash::FxHashMap;

const PACKAGES: [&str; 15] = [
    "main",
    "net/http",
    "encoding/json",
    "runtime",
    "sync",
    "example.com/shop/cart",
    "example.com/shop/pricing",
    "github.com/acme/rpc",
    "github.com/acme/rpc/codec",
    "google.golang.org/grpc",
    "database/sql",
    "compress/flate",
    "regexp",
    "sort",
    "strings",
];
const RECEIVERS: [&str; 10] = [
    "",
    "(*Server)",
    "(*Conn)",
    "(*Decoder)",
    "(*Encoder)",
    "Cart",
    "(*Pool)",
    "(*Tx)",
    "Item",
    "(*machine)",
];
const VERBS: [&str; 15] = [
    "Handle", "serve", "decode", "encode", "Lookup", "apply", "compute", "merge", "flush", "scan",
    "match", "Get", "Put", "walk", "step",
];

/// Position of a function in [`Program::functions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FunctionPos(pub usize);

/// Position of a location in [`Program::locations`]; its id is the position + 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocationPos(pub usize);

pub struct Function {
    pub name: String,
    pub file: String,
    pub start_line: i64,
    callees: Vec<FunctionPos>,
}

/// A location's lines, innermost first: (function, line).
pub type Lines = Vec<(FunctionPos, i64)>;

pub struct Program {
    pub functions: Vec<Function>,
    pub locations: Vec<Lines>,
    /// Unique stacks, leaf first.
    pub stacks: Vec<Vec<LocationPos>>,
}

/// A stack walks at least this many calls deep, plus up to [`EXTRA_DEPTH`].
const MIN_DEPTH: usize = 8;
const EXTRA_DEPTH: usize = 40;
/// One frame in this many (not the leaf, not the root) is inlined into its caller.
const INLINE_ONE_IN: u32 = 6;
/// One call edge in this many goes anywhere (back edges make recursion).
const BACK_EDGE_ONE_IN: u32 = 20;

impl Program {
    /// A program of `functions` functions and `stacks` unique stacks.
    pub fn generate(rng: &mut ChaCha8Rng, functions: usize, stacks: usize) -> Program {
        let functions = functions.max(1);
        let mut program = Program {
            functions: make_functions(rng, functions),
            locations: Vec::new(),
            stacks: Vec::new(),
        };
        let mut index = FxHashMap::default();
        for _ in 0..stacks {
            let path = program.walk(rng);
            let stack = program.frames(rng, &path, &mut index);
            program.stacks.push(stack);
        }
        program
    }

    /// Functions called from `main` down, root first.
    fn walk(&self, rng: &mut ChaCha8Rng) -> Vec<FunctionPos> {
        let depth = MIN_DEPTH + rng.random_range(0..EXTRA_DEPTH);
        let mut path = Vec::with_capacity(depth);
        let mut current = FunctionPos(0);
        for _ in 0..depth {
            path.push(current);
            let callees = &self.functions[current.0].callees;
            current = callees[rng.random_range(0..callees.len())];
        }
        path
    }

    /// The locations of a walk, leaf first: a caller's line is fixed by the callee it calls (as a
    /// call site is), a leaf has a few hot lines, and some frames are inlined into their caller.
    fn frames(
        &mut self,
        rng: &mut ChaCha8Rng,
        path: &[FunctionPos],
        index: &mut FxHashMap<Lines, LocationPos>,
    ) -> Vec<LocationPos> {
        let call_line =
            |f: FunctionPos, callee: FunctionPos| 1 + ((f.0 * 31 + callee.0 * 17) % 25) as i64;
        let mut frames = Vec::with_capacity(path.len());
        let mut i = path.len();
        while i > 0 {
            i -= 1;
            let f = path[i];
            let offset = match path.get(i + 1) {
                Some(&callee) => call_line(f, callee),
                None => rng.random_range(1..=5),
            };
            let line = self.functions[f.0].start_line + offset;
            let inlined = i > 0 && i + 1 < path.len() && rng.random_ratio(1, INLINE_ONE_IN);
            let lines = if inlined {
                let caller = path[i - 1];
                i -= 1;
                vec![
                    (f, line),
                    (caller, self.functions[caller.0].start_line + call_line(caller, f)),
                ]
            } else {
                vec![(f, line)]
            };
            frames.push(self.location(lines, index));
        }
        frames
    }

    fn location(&mut self, lines: Lines, index: &mut FxHashMap<Lines, LocationPos>) -> LocationPos {
        if let Some(&pos) = index.get(&lines) {
            return pos;
        }
        let pos = LocationPos(self.locations.len());
        self.locations.push(lines.clone());
        index.insert(lines, pos);
        pos
    }
}

fn make_functions(rng: &mut ChaCha8Rng, n: usize) -> Vec<Function> {
    let mut functions: Vec<Function> = (0..n)
        .map(|i| {
            let package = PACKAGES[rng.random_range(0..PACKAGES.len())];
            let receiver = RECEIVERS[rng.random_range(0..RECEIVERS.len())];
            let verb = VERBS[rng.random_range(0..VERBS.len())];
            let name = match (i, receiver) {
                (0, _) => "main.main".to_owned(),
                (_, "") => format!("{package}.{verb}{i}"),
                _ => format!("{package}.{receiver}.{verb}{i}"),
            };
            let package = if i == 0 { "main" } else { package };
            Function {
                name,
                file: format!("/src/{package}/file{}.go", i % 40),
                start_line: 10 + rng.random_range(0..2000),
                callees: Vec::new(),
            }
        })
        .collect();
    for (i, f) in functions.iter_mut().enumerate() {
        let count = 1 + rng.random_range(0..6);
        f.callees = (0..count)
            .map(|_| {
                // Mostly "later" functions, so walks go deep; some back edges (recursion).
                let callee = match rng.random_ratio(1, BACK_EDGE_ONE_IN) {
                    true => rng.random_range(0..n),
                    false => i + 1 + rng.random_range(0..200),
                };
                FunctionPos(callee % n)
            })
            .collect();
    }
    functions
}
