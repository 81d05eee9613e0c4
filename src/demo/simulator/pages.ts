/** Paging of the Organizations List* calls: MaxResults, NextToken, and pages rendered once. */
import { ApiError } from "../simulator-wire.js";

/** Pages of a list are rendered once (lazily) and kept: key -> JSON bodies. */
export class PageCache {
  private cache = new Map<string, string[]>();
  constructor(private readonly defaultPageSize: number) {}

  /** The page `nextToken` names (the first without one) of `items()` under `field`. */
  get<T>(
    key: string,
    field: string,
    maxResults: unknown,
    nextToken: unknown,
    items: () => T[],
  ): string {
    const size = this.#pageSize(maxResults);
    const cacheKey = `${key}|${size}`;
    const pages = this.#pages(cacheKey, field, size, items);
    return pages[pageIndex(nextToken, cacheKey, pages.length)] as string;
  }

  /** MaxResults, checked; the default page size without it. */
  #pageSize(maxResults: unknown): number {
    if (maxResults === undefined || maxResults === null) return this.defaultPageSize;
    if (typeof maxResults !== "number" || !Number.isInteger(maxResults) || maxResults < 1) {
      throw new ApiError("InvalidInputException", "MaxResults must be a positive integer");
    }
    if (maxResults > Math.max(20, this.defaultPageSize)) {
      throw new ApiError(
        "InvalidInputException",
        "You provided a value that does not match the required pattern: MaxResults must be between 1 and 20",
      );
    }
    return maxResults;
  }

  #pages<T>(cacheKey: string, field: string, size: number, items: () => T[]): string[] {
    let pages = this.cache.get(cacheKey);
    if (!pages) {
      pages = renderPages(cacheKey, field, size, items());
      this.cache.set(cacheKey, pages);
    }
    return pages;
  }
}

/** The JSON bodies of `all` in pages of `size` (at least one page), each but the last with a NextToken. */
function renderPages<T>(cacheKey: string, field: string, size: number, all: T[]): string[] {
  const pages: string[] = [];
  const count = Math.max(1, Math.ceil(all.length / size));
  for (let p = 0; p < count; p++) {
    const body: Record<string, unknown> = { [field]: all.slice(p * size, (p + 1) * size) };
    if (p + 1 < count) {
      body.NextToken = Buffer.from(`${cacheKey}#${p + 1}`).toString("base64url");
    }
    pages.push(JSON.stringify(body));
  }
  return pages;
}

/** The page a NextToken names: one this list (at this page size) handed out, else an error. */
function pageIndex(nextToken: unknown, cacheKey: string, pageCount: number): number {
  if (nextToken === undefined || nextToken === null) return 0;
  const decoded =
    typeof nextToken === "string" ? Buffer.from(nextToken, "base64url").toString() : "";
  const hash = decoded.lastIndexOf("#");
  const page =
    hash > 0 && decoded.slice(0, hash) === cacheKey ? Number(decoded.slice(hash + 1)) : -1;
  if (!Number.isInteger(page) || page < 1 || page >= pageCount) {
    throw new ApiError("InvalidInputException", "The provided NextToken is not valid.");
  }
  return page;
}
