// js-yaml ships no types; the tests use only these two functions.
declare module "js-yaml" {
  export function load(text: string): unknown;
  export function loadAll(text: string): unknown[];
}
