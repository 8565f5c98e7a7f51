import { cardRow, CardTable, Cell } from "@/components/ui/card-table";
import type { LedgerRow } from "@/lib/api-activity";
import { formatDateTime } from "@/lib/format";

const COLUMNS = ["When", "Partner", "Key", "Request", "Acted for", "Outcome", "Patients", "Request ID"];
// The key's own practice named here read as if the call had acted for it.
const NO_PRACTICE = "None (refused before acting for a practice)";

/** The status, with the error code of a refusal, or what a retry sent with an Idempotency-Key got. */
function outcomeOf({ status, errorCode, replayed }: LedgerRow) {
  if (errorCode) return `${status} ${errorCode}`;
  return replayed ? `${status} replayed (nothing created)` : String(status);
}

/** Rows of the API access ledger, newest first: what a partner's key did, never what it sent. */
export function LedgerTable({ rows, caption }: { rows: LedgerRow[]; caption: string }) {
  return (
    <CardTable caption={caption} columns={COLUMNS}>
      {rows.map((row) => (
        <tr key={row.id} className={cardRow} data-testid="ledger-row">
          <Cell label="When" className="xl:whitespace-nowrap">
            {formatDateTime(row.at)}
          </Cell>
          <Cell label="Partner">{row.partnerName ?? "User key"}</Cell>
          <Cell label="Key" className="font-mono text-xs">
            {row.keyDisplay}
          </Cell>
          <Cell label="Request" className="font-mono text-xs">
            {row.method} {row.route}
          </Cell>
          <Cell label="Acted for">{row.actingPracticeName ?? NO_PRACTICE}</Cell>
          <Cell label="Outcome">{outcomeOf(row)}</Cell>
          <Cell label="Patients">{row.patientCount}</Cell>
          <Cell label="Request ID" className="font-mono text-xs break-all">
            {row.requestId}
          </Cell>
        </tr>
      ))}
    </CardTable>
  );
}
