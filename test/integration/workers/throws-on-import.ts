/** A module that fails while it is imported. */
export function never() {
  return 1;
}
throw new Error("this module refuses to load");
