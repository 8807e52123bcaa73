// The JS module (`make js` → target/js) against the CLI: `top`, `hot` and `diff` give the objects
// the CLI prints with --json, `defaultPgo` the bytes `pgoscope pgo` writes, and bad input throws an
// Error with the CLI's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pgoscope = await import(join(repo, 'target/js/pgoscope.js'));
const fixtures = join(repo, 'tests/fixtures');
const cli = (args) => execFileSync(join(repo, 'target/debug/pgoscope'), args, { maxBuffer: 1 << 28 });
const json = (args) => JSON.parse(cli(args).toString());
const bytes = (path) => new Uint8Array(readFileSync(path));

const shapes = join(fixtures, 'go/shapes-cpu.pprof');
const before = [1, 2, 3].map((i) => join(fixtures, `go/websvc-before-${i}.pprof`));
const after = [1, 2, 3].map((i) => join(fixtures, `go/websvc-after-${i}.pprof`));

test('top equals pgoscope top --json, with options', () => {
  assert.deepEqual(pgoscope.top(bytes(shapes)), json(['top', '--json', shapes]));
  const options = { sortByCum: true, count: 12, focus: 'main\\.', hide: 'runtime\\.' };
  const args = ['top', '--json', '--sort', 'cum', '-n', '12', '--focus', 'main\\.', '--hide', 'runtime\\.', ...before];
  assert.deepEqual(pgoscope.top(before.map(bytes), options), json(args));
});

test('hot equals pgoscope hot --json, merged inputs and a threshold', () => {
  assert.deepEqual(pgoscope.hot(before.map(bytes)), json(['hot', '--json', ...before]));
  const ours = pgoscope.hot(bytes(shapes), { cdfThresholdPercent: 90 });
  assert.deepEqual(ours, json(['hot', '--json', '--cdf-threshold', '90', shapes]));
  assert.ok(ours.hot_edges.length > 0);
});

test('diff equals pgoscope diff --json in each normalisation', () => {
  for (const normalize of ['share', 'cores', 'none']) {
    const ours = pgoscope.diff(before.map(bytes), after.map(bytes), { normalize });
    assert.deepEqual(ours, json(['diff', '--json', '--normalize', normalize, '--base', ...before, '--new', ...after]), normalize);
  }
  const work = { base: 3000, new: 3300 };
  const ours = pgoscope.diff(bytes(before[0]), bytes(after[0]), { normalize: 'work', work, count: 5 });
  const args = ['diff', '--json', '--normalize', 'work', '--work-base', '3000', '--work-new', '3300', '-n', '5', '--base', before[0], '--new', after[0]];
  assert.deepEqual(ours, json(args));
  assert.ok(ours.per_op.cpu_per_op_ns_before > 0);
});

test('defaultPgo gives the bytes pgoscope pgo writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgoscope-js-'));
  try {
    for (const [inputs, options, flags] of [
      [before, undefined, []],
      [[shapes], { keepLocations: 3, aggregateCallees: false }, ['--keep-locations', '3', '--no-aggregate-callees']],
    ]) {
      const out = join(dir, 'default.pgo');
      cli(['pgo', '-o', out, ...flags, ...inputs]);
      const ours = pgoscope.defaultPgo(inputs.map(bytes), options);
      assert.ok(ours instanceof Uint8Array);
      assert.deepEqual(Buffer.from(ours), readFileSync(out));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('summary describes a profile as pgoscope info --json does', () => {
  const [info] = json(['info', '--json', shapes]);
  delete info.file;
  assert.deepEqual(pgoscope.summary(bytes(shapes)), info);
});

test('bad input throws an Error that names the problem', () => {
  assert.throws(() => pgoscope.top(new Uint8Array([0x1f, 0x8b, 8, 0])), (e) => e instanceof Error && /input 1: /.test(e.message));
  assert.throws(() => pgoscope.top([bytes(shapes), 'nope']), /item 1 is not a Uint8Array/);
  assert.throws(() => pgoscope.top(bytes(shapes), { focus: '(' }), /invalid --focus regex/);
  assert.throws(() => pgoscope.top(bytes(shapes), { sampleType: 'alloc_space' }), /alloc_space/);
  assert.throws(() => pgoscope.diff(bytes(shapes), bytes(shapes), { normalize: 'sideways' }), /options: /);
  assert.throws(() => pgoscope.top([]), /no profiles given/);
});
