// When stdout or stderr is closed (the supervisor or log collector that read them is gone),
// every write fails with EPIPE. Unhandled, that error reached Next's uncaught-error handler,
// which logged it to stderr, which failed again: the server span at full CPU for ever. A Unix
// program writing to a broken pipe ends; this server stops gracefully, as on SIGTERM (its
// requests finish and the ledger is written), once. Node only; started from instrumentation.ts.
let installed = false;

export function stopWhenOutputCloses() {
  if (installed) return;
  installed = true;
  let stopping = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" || stopping) return;
    stopping = true;
    process.kill(process.pid, "SIGTERM");
  };
  process.stdout.on("error", onError);
  process.stderr.on("error", onError);
}
