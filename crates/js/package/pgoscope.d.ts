// Types of pgoscope's JavaScript API. Every report has the shape of the CLI's `--json` output.

/** A profile (gzip or raw pprof), or several, merged in order. */
export type Profiles = Uint8Array | Uint8Array[];

/** pprof's refinements: regular expressions over function, file and binary names. */
export interface Refine {
  /** Keep only samples with a matching frame (pprof's -focus). */
  focus?: string;
  /** Drop samples with a matching frame (pprof's -ignore). */
  ignore?: string;
  /** Remove matching frames from stacks (pprof's -hide). */
  hide?: string;
}

export interface SampleTypeTotal { type: string; unit: string; total: number }

export interface Summary {
  sample_types: SampleTypeTotal[];
  default_sample_type: string;
  period_type: string;
  period: number;
  duration_ns: number;
  time_ns: number;
  samples: number;
  locations: number;
  functions: number;
  mappings: number;
  label_keys: string[];
  comments: string[];
  drop_frames: string;
}

export interface TopOptions extends Refine {
  /** `type` or `type/unit`; default: the profile's default sample type, else the last. */
  sampleType?: string;
  /** Sort by cum instead of flat. */
  sortByCum?: boolean;
  /** The first N rows only. */
  count?: number;
  /** Keep the frames the profile asks to drop. */
  allFrames?: boolean;
}

export interface FunctionRow { function: string; flat: number; cum: number }

export interface TopReport {
  sample_type: { type: string; unit: string };
  /** Sum of absolute values before the refinements. */
  total: number;
  rows: FunctionRow[];
}

export interface HotOptions extends Refine {
  /** Go's -d=pgoinlinecdfthreshold (default 99). */
  cdfThresholdPercent?: number;
}

export interface HotEdge { caller: string; callee: string; offset: number; weight: number }

export interface HotReport {
  threshold_percent: number;
  cdf_threshold_percent: number;
  total_weight: number;
  hot_edges: HotEdge[];
  /** [caller, offset] pairs: Go keys hot call sites without the callee. */
  hot_call_sites: [string, number][];
  hot_callees: string[];
  devirtualization: unknown[];
  lints: unknown[];
}

export interface PgoOptions extends Refine {
  /** Leaf-most locations kept per sample (default 5, at least 2). */
  keepLocations?: number;
  /** Zero the leaf's innermost line so more samples merge (default true). */
  aggregateCallees?: boolean;
}

export interface DiffOptions {
  /** How the sides are made comparable (default "share", pprof's -normalize). */
  normalize?: 'share' | 'cores' | 'work' | 'none';
  sampleType?: string;
  count?: number;
  /** Operations each side did: CPU per operation, and normalize "work". */
  work?: { base: number; new: number };
}

export interface DiffRow {
  function: string;
  flat_before: number;
  flat_after: number;
  flat_delta: number;
  cum_before: number;
  cum_after: number;
  cum_delta: number;
}

export interface DiffReport {
  sample_type: string;
  normalize: 'share' | 'cores' | 'work' | 'none';
  total_before: number;
  total_after: number;
  delta_percent: number;
  cores_before: number | null;
  cores_after: number | null;
  per_op: { work: { base: number; new: number }; cpu_per_op_ns_before: number | null; cpu_per_op_ns_after: number | null } | null;
  benches: unknown[];
  rows: DiffRow[];
  pgo_effect: unknown | null;
}

/** Summarises one profile. Throws an Error naming the problem if it is not a valid profile. */
export function summary(bytes: Uint8Array): Summary;
/** The `go tool pprof -top` table. */
export function top(files: Profiles, options?: TopOptions): TopReport;
/** The call sites Go's PGO will treat as hot, devirtualization candidates and lints. */
export function hot(files: Profiles, options?: HotOptions): HotReport;
/** The minimal lossless default.pgo for `go build -pgo=` (gzip pprof bytes). */
export function defaultPgo(files: Profiles, options?: PgoOptions): Uint8Array;
/** Per-function change from the baseline to the candidate, as `go tool pprof -diff_base`. */
export function diff(base: Profiles, candidate: Profiles, options?: DiffOptions): DiffReport;
