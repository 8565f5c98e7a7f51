// Runs once when a server process starts (Node.js runtime only: see lib/start-up-check.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // First: the middleware's Node.js fast paths (lib/node-runtime.ts), before any request.
    const { installNodeRuntime } = await import("@/lib/node-runtime-setup");
    installNodeRuntime();
    const { checkStartUp } = await import("@/lib/start-up-check");
    await checkStartUp();
    const { guardHttpServer } = await import("@/lib/http-server-guard");
    guardHttpServer();
    const { startRateLimitOverrideRefresh } = await import("@/lib/rate-limit-overrides");
    startRateLimitOverrideRefresh();
    const { startLedgerWriter } = await import("@/lib/ledger");
    startLedgerWriter();
  }
}
