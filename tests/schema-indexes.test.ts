// Every foreign key has an index that starts with its columns: without one, deleting the row it
// points at (a user, a partner, a patient) scans the whole referring table under a lock, and the
// pages that list by it (a partner's practices, a patient's messages) scan it too.
import { afterAll, describe, expect, it } from "vitest";

import { prisma } from "@/lib/db";

afterAll(() => prisma.$disconnect());

describe("the schema's indexes", () => {
  it("cover every foreign key", async () => {
    const unindexed = await prisma.$queryRaw<{ key: string }[]>`
      SELECT c.conrelid::regclass || '.' || c.conname AS key
      FROM pg_constraint c
      WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          -- A whole-table B-tree: a partial index or a GIN does not serve the key's lookups.
          JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
          WHERE i.indrelid = c.conrelid AND i.indisvalid AND i.indpred IS NULL AND am.amname = 'btree'
            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
      ORDER BY 1`;
    expect(unindexed.map((row) => row.key)).toEqual([]);
  });
});
