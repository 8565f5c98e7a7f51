// A ledger row as the API wrapper records it: each test sets what it checks.
import type { LedgerEntry } from "@/lib/ledger-buffer";

export const ledgerEntry = (fields: Partial<LedgerEntry>): LedgerEntry => ({
  at: new Date(),
  requestId: "entry",
  keyId: null,
  actingPracticeGroupId: null,
  method: "GET",
  route: "/slots",
  status: 200,
  errorCode: null,
  durationMs: 1,
  patientIds: [],
  ...fields,
});
