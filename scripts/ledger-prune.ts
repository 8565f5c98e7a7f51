// npm run ledger:prune: drops the API access ledger's monthly partitions older than
// LEDGER_RETENTION_DAYS (default 400). Run it from a scheduler, e.g. daily.
import { prisma } from "@/lib/db";
import { ledgerRetentionDays, pruneLedger } from "@/lib/ledger";

const dropped = await pruneLedger();
console.log(dropped.length ? `Dropped ${dropped.join(", ")} (older than ${ledgerRetentionDays()} days).` : `Nothing older than ${ledgerRetentionDays()} days.`);
await prisma.$disconnect();
