/** A promise with its settle functions, for code that settles it from elsewhere. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/**
 * A promise and the functions that settle it (`Promise.withResolvers`, which Node 20 lacks).
 *
 * @example
 * const done = defer<void>();
 * emitter.once("end", () => done.resolve());
 * await done.promise;
 */
export function defer<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
