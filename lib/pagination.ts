// Keyset pagination for every list: `limit` (1–100, default 20) and an opaque `cursor` that
// encodes the last row's sort value and id. The cursor never points at a row by itself, so it
// cannot reach across practice groups: every list still filters by its owner in `where`.
import { z } from "zod";

import { DomainError, isUuid } from "@/lib/domain-error";

/** ?page= of Super admin's Practices, API keys and a partner's practices: anything odd is the first page. */
export const pageNumber = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/** Which numbered page to show of `total` rows: a page past the last shows the last. `offset` is its first row. */
export function pageOf(total: number, page: number, pageSize: number) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pageCount);
  return { page: current, pageCount, pageSize, total, offset: (current - 1) * pageSize };
}

export type Cursor = { at: Date; id: string };

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(iso ?? "");
  // Only the canonical form next_cursor is made of: a date the database cannot hold (JavaScript
  // reaches year -271821, PostgreSQL 4713 BC) would otherwise fail the query with a 500.
  const canonical = !Number.isNaN(at.getTime()) && at.toISOString() === iso && at.getUTCFullYear() >= 1 && at.getUTCFullYear() <= 9999;
  if (!canonical || !isUuid(id ?? "")) throw new DomainError("invalid", "Unknown cursor", "cursor");
  return { at, id };
}

/** A Prisma `where` for the rows strictly after the cursor in (field, id) order. */
export function after<Where>(field: string, cursor: Cursor | undefined, direction: "asc" | "desc"): Where {
  if (!cursor) return {} as Where;
  const beyond = direction === "asc" ? "gt" : "lt";
  return { OR: [{ [field]: { [beyond]: cursor.at } }, { [field]: cursor.at, id: { [beyond]: cursor.id } }] } as Where;
}

/** Splits the limit+1 rows a query fetched into one page and the cursor of the next. */
export function toPage<T extends { id: string }>(rows: T[], limit: number, sortValue: (row: T) => Date) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(sortValue(last), last.id) : null };
}
