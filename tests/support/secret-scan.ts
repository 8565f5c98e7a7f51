// Whether the ledger holds a secret: API keys and access tokens have fixed shapes, so a scan for
// the shapes finds every one a test run made without having to list them. The vitest run and
// the end-to-end run each scan their database's whole ledger at the end.
import pg from "pg";

const SECRET_SHAPES = /hero_(?:live|test)_[0-9A-Za-z]{38}|hero_at_[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+/g;

export function secretsIn(text: string): string[] {
  return text.match(SECRET_SHAPES) ?? [];
}

/** Every row of api_requests, whole, searched; the answer never prints a secret, only its start. */
export async function ledgerSecretReport(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ rows: number; dump: string }>(
      `SELECT count(*)::int AS rows, coalesce(string_agg(to_jsonb(r)::text, E'\\n'), '') AS dump FROM api_requests r`,
    );
    const found = secretsIn(rows[0].dump);
    return found.length ? `The API ledger holds ${found.length} API keys or tokens (the first starts ${found[0].slice(0, 12)}…)` : null;
  } finally {
    await client.end();
  }
}
