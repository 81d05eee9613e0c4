/** One step of an edit script from sequence `a` to sequence `b`. */
export type Edit =
  { op: "same"; a: number; b: number } | { op: "remove"; a: number } | { op: "add"; b: number };

/** Most differences searched for; past it the middle is all removed, then all added. */
const MAX_EDITS = 500;

/** The common prefix and suffix lengths of `a` and `b`. */
function commonEnds(a: readonly string[], b: readonly string[]): [number, number] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  )
    end++;
  return [start, end];
}

/** Myers' forward search: the furthest-reaching paths, one array per number of edits. */
function search(a: readonly string[], b: readonly string[]): Int32Array[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return trace;
    }
  }
  return undefined;
}

/** Walks the search back from the end into the edit script (indices relative to the middle). */
function backtrack(trace: Int32Array[], n: number, m: number): Edit[] {
  const offset = ((trace[0]?.length ?? 3) - 1) / 2;
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) edits.push({ op: "same", a: --x, b: --y });
    if (down) edits.push({ op: "add", b: --y });
    else edits.push({ op: "remove", a: --x });
  }
  while (x > 0 && y > 0) edits.push({ op: "same", a: --x, b: --y });
  return edits.reverse();
}

/**
 * The shortest edit script from `a` to `b` (items equal when their keys are), by Myers'
 * algorithm after the common ends are taken off. When the middle needs more than 500 edits,
 * it is given as removed, then added.
 */
export function diffSequences(a: readonly string[], b: readonly string[]): Edit[] {
  const [start, end] = commonEnds(a, b);
  const midA = a.slice(start, a.length - end);
  const midB = b.slice(start, b.length - end);
  const edits: Edit[] = [];
  for (let i = 0; i < start; i++) edits.push({ op: "same", a: i, b: i });
  const trace = search(midA, midB);
  if (trace) {
    for (const e of backtrack(trace, midA.length, midB.length)) {
      if (e.op === "same") edits.push({ op: "same", a: e.a + start, b: e.b + start });
      else if (e.op === "remove") edits.push({ op: "remove", a: e.a + start });
      else edits.push({ op: "add", b: e.b + start });
    }
  } else {
    for (let i = 0; i < midA.length; i++) edits.push({ op: "remove", a: start + i });
    for (let j = 0; j < midB.length; j++) edits.push({ op: "add", b: start + j });
  }
  for (let i = 0; i < end; i++)
    edits.push({ op: "same", a: a.length - end + i, b: b.length - end + i });
  return edits;
}
