// npm run db:prune (daily, from a scheduler): drops the API access ledger's monthly partitions
// older than LEDGER_RETENTION_DAYS (default 400), forgets Idempotency-Keys past their window and
// names the partner of audit events the previous release wrote without it (lib/audit.ts).
// scripts/run.ts runs it with the app's settings and a longer DATABASE_TIMEOUT_MS than a request's 5 s.
import { fillAuditPartners } from "@/lib/audit";
import { prisma } from "@/lib/db";
import { integerSettingsProblem } from "@/lib/env";
import { pruneIdempotencyKeys } from "@/lib/idempotency";
import { ledgerRetentionDays, pruneLedger } from "@/lib/ledger";
import { IDEMPOTENCY_WINDOW_HOURS } from "@/lib/limits";

// A mistyped LEDGER_RETENTION_DAYS would drop, on the default, months meant to be kept.
const problem = integerSettingsProblem();
if (problem) {
  console.error(`${problem} Nothing was pruned.`);
  process.exit(1);
}
const { dropped, kept } = await pruneLedger();
if (dropped.length) console.log(`Dropped ${dropped.join(", ")} (older than ${ledgerRetentionDays()} days).`);
else if (!kept.length) console.log(`Nothing older than ${ledgerRetentionDays()} days.`);
// Not done: a scheduler that only sees exit codes must see it, or months outlive their retention unnoticed.
if (kept.length) console.error(`Kept ${kept.join(", ")} for the next run: the ledger was in use (a long read holds off the drop). Run it again later.`);
const forgotten = await pruneIdempotencyKeys();
console.log(`Forgot ${forgotten} Idempotency-Keys older than ${IDEMPOTENCY_WINDOW_HOURS} hours.`);
const named = await fillAuditPartners();
if (named) console.log(`Named the partner of ${named} audit events written without it.`);
await prisma.$disconnect();
if (kept.length) process.exitCode = 1;
