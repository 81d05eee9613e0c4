/** Benchmark scenarios and the "ideal" time each one is compared with. */

/** The 17 regions enabled by default in a new AWS account. */
export const REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "sa-east-1",
] as const;

export interface Target {
  /** wall <= factor x max(ideal, floor) */
  maxRatio?: number;
  /** wall <= factor x floor */
  maxFloorRatio?: number;
  /** wall <= factor x the rate-bound ideal (AssumeRole calls / STS rate) */
  maxRateRatio?: number;
  /** AssumeRole requests seen by the simulator == accounts */
  exactAssumeRole?: boolean;
  maxPeakRssMb?: number;
  maxFirstRecordS?: number;
  noFailedAssumeRole?: boolean;
}

export interface Scenario {
  name: string;
  description: string;
  accounts: number;
  regions: number;
  /** per-call latency in ms, uniform in [lo, hi], STS and Organizations alike */
  latency: [number, number];
  /** STS requests/s of the calling account (0 = no limit) */
  stsRate: number;
  concurrency: number;
  /** the targets the library is judged on, if any */
  target?: Target;
  /** runs per side, alternating; the median is reported (default 1) */
  repeat?: number;
  quick?: boolean;
}

const ms = (lo: number, hi = lo): [number, number] => [lo, hi];

/**
 * The full list. Left out to stay under 10 minutes on 2 cores, where the AWS SDK's own CPU cost
 * (about 1 ms per call in the client process) sets the pace: 10,000 x 17 (180,000 calls, about
 * 3 minutes per side), 10,000 x 4 at zero latency (CPU-bound like (a), so about the same 50 s per
 * side and no new information) and 10,000 accounts behind the 100 req/s STS limit (100 s per side).
 */
export const SCENARIOS: Scenario[] = [
  {
    name: "a-10k-4r-50ms",
    description: "(a) 10,000 accounts x 4 regions, 50 ms fixed latency, concurrency 200",
    accounts: 10_000,
    regions: 4,
    latency: ms(50),
    stsRate: 0,
    concurrency: 200,
    target: {
      maxRatio: 1.25,
      exactAssumeRole: true,
      maxPeakRssMb: 250,
      maxFirstRecordS: 2,
    },
  },
  {
    name: "b-1k-1r-0ms",
    description: "(b) 1,000 accounts x 1 region, zero latency",
    accounts: 1_000,
    regions: 1,
    latency: ms(0),
    stsRate: 0,
    concurrency: 200,
    target: { maxFloorRatio: 1.25 },
    // A few seconds each: the median of 3 alternating runs keeps one noisy run from deciding.
    repeat: 3,
  },
  {
    name: "c-1k-4r-sts100",
    description: "(c) 1,000 accounts x 4 regions, 50-100 ms, STS limited to 100 req/s",
    accounts: 1_000,
    regions: 4,
    latency: ms(50, 100),
    stsRate: 100,
    concurrency: 200,
    target: { noFailedAssumeRole: true, maxRateRatio: 1.25 },
  },
  {
    name: "1k-4r-0ms",
    description: "1,000 x 4, zero latency",
    accounts: 1_000,
    regions: 4,
    latency: ms(0),
    stsRate: 0,
    concurrency: 200,
  },
  {
    name: "1k-4r-50-100ms",
    description: "1,000 x 4, 50-100 ms",
    accounts: 1_000,
    regions: 4,
    latency: ms(50, 100),
    stsRate: 0,
    concurrency: 200,
  },
  {
    name: "1k-17r-50-100ms",
    description: "1,000 x 17, 50-100 ms",
    accounts: 1_000,
    regions: 17,
    latency: ms(50, 100),
    stsRate: 0,
    concurrency: 200,
  },
  {
    name: "10k-1r-50-100ms",
    description: "10,000 x 1, 50-100 ms",
    accounts: 10_000,
    regions: 1,
    latency: ms(50, 100),
    stsRate: 0,
    concurrency: 200,
  },
  {
    name: "10k-1r-0ms",
    description: "10,000 x 1, zero latency",
    accounts: 10_000,
    regions: 1,
    latency: ms(0),
    stsRate: 0,
    concurrency: 200,
  },
  // --quick: a smoke run of the whole pipeline, well under 30 s.
  {
    name: "quick-200x2-0ms",
    description: "smoke: 200 x 2, zero latency",
    accounts: 200,
    regions: 2,
    latency: ms(0),
    stsRate: 0,
    concurrency: 50,
    quick: true,
  },
  {
    name: "quick-200x2-20-40ms",
    description: "smoke: 200 x 2, 20-40 ms",
    accounts: 200,
    regions: 2,
    latency: ms(20, 40),
    stsRate: 0,
    concurrency: 50,
    quick: true,
  },
  {
    name: "quick-100x2-sts100",
    description: "smoke: 100 x 2, 20-40 ms, STS limited to 100 req/s",
    accounts: 100,
    regions: 2,
    latency: ms(20, 40),
    stsRate: 100,
    concurrency: 50,
    quick: true,
  },
];

/** GetCallerIdentity calls per account x region unit in the benchmarked function. */
export const CALLS_PER_UNIT = 1;

export interface IdealTime {
  /** concurrency-bound: ceil(units / C) x mean latency x calls per unit + ceil(accounts / C) x mean latency */
  latencyS: number;
  /** rate-bound: AssumeRole calls / STS rate (0 when unlimited) */
  rateS: number;
  /** max of the two */
  idealS: number;
}

export function idealTime(s: Scenario): IdealTime {
  const meanS = (s.latency[0] + s.latency[1]) / 2 / 1000;
  const units = s.accounts * s.regions;
  const latencyS =
    Math.ceil(units / s.concurrency) * meanS * CALLS_PER_UNIT +
    Math.ceil(s.accounts / s.concurrency) * meanS;
  const rateS = s.stsRate > 0 ? s.accounts / s.stsRate : 0;
  return { latencyS, rateS, idealS: Math.max(latencyS, rateS) };
}

export function latencyLabel(s: Scenario): string {
  const [lo, hi] = s.latency;
  if (hi === 0) return "0";
  return lo === hi ? `${lo} ms` : `${lo}-${hi} ms`;
}
