/** Token-bucket rate limits: one bucket per key (a calling account, or a whole API family). */
export class TokenBuckets {
  private buckets = new Map<string, { tokens: number; last: number }>();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  /** Takes one token for `key`; false when the bucket is empty (the call is throttled). */
  take(key: string): boolean {
    if (this.rate <= 0) return true;
    const now = performance.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.burst, last: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.last) * this.rate) / 1000);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Refills every bucket (they start full again). */
  reset(): void {
    this.buckets.clear();
  }
}
