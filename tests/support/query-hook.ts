// Puts a test between the app and PostgreSQL at pg's Client.query, to order two statements that
// race in production (a read and a commit, two reloads) the same way every run.
import pg from "pg";

type Run = () => Promise<unknown>;
/** Returns the statement's result, from run() when it should go to the server; undefined: untouched. */
type Around = (text: string, run: Run) => Promise<unknown> | undefined;

/** Wraps every pg client's query with `around` until the returned function is called. */
export function hookQueries(around: Around): () => void {
  const { query } = pg.Client.prototype;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    // pg's pool passes a callback, a transaction's client does not: both forms are kept.
    const callback = typeof args.at(-1) === "function" ? (args.pop() as (error: unknown, result?: unknown) => void) : undefined;
    const run = () => (query as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    const text = String((args[0] as { text?: string })?.text ?? args[0]);
    const result = around(text, run) ?? run();
    if (!callback) return result;
    result.then((rows) => callback(null, rows), callback);
  } as typeof query;
  return () => {
    pg.Client.prototype.query = query;
  };
}
