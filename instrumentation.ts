// Runs once when a server process starts (Node.js runtime only: see lib/start-up-check.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // First: the middleware's Node.js fast paths (lib/node-runtime.ts), before any request.
    const { installNodeRuntime } = await import("@/lib/node-runtime-setup");
    installNodeRuntime();
    // The guard as early as can be: Next listens before register() runs, and a request taken in
    // before the guard keeps whatever peer headers its client wrote (README: TRUSTED_PROXY_HOPS).
    const { guardHttpServer } = await import("@/lib/http-server-guard");
    guardHttpServer();
    // A server whose log is gone stops rather than spin on the errors of writing to it.
    const { stopWhenOutputCloses } = await import("@/lib/output-guard");
    stopWhenOutputCloses();
    const { checkStartUp } = await import("@/lib/start-up-check");
    await checkStartUp();
    const { startRateLimitOverrideRefresh } = await import("@/lib/rate-limit-overrides");
    startRateLimitOverrideRefresh();
    const { startLedgerWriter } = await import("@/lib/ledger");
    startLedgerWriter();
  }
}
