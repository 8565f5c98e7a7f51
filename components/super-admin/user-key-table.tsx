import { DeleteKeyButton } from "@/components/super-admin/delete-key-button";
import { EditKeyButton } from "@/components/super-admin/edit-key-button";
import { ViewKeyButton } from "@/components/super-admin/view-key-button";
import { ActionsCell, cardRow, CardTable, Cell } from "@/components/ui/card-table";
import { formatDateTime } from "@/lib/format";
import type { UserKeyRow } from "@/lib/user-keys";

const COLUMNS = ["Name", "Description", "User", "Practice", "Created", "Last used"];

export function UserKeyTable({ keys, caption }: { keys: UserKeyRow[]; caption: string }) {
  return (
    <CardTable caption={caption} columns={COLUMNS} actions>
      {keys.map((key) => (
        <tr key={key.id} data-testid="user-key-row" className={cardRow}>
          <Cell label="Name" className="font-medium break-words">
            {key.name}
          </Cell>
          <Cell label="Description" className="break-words text-slate-700 xl:max-w-64">
            {key.description || <span className="text-slate-500">None</span>}
          </Cell>
          <Cell label="User">
            {key.owner ? (
              <>
                {key.owner.name} <span className="font-mono text-xs text-slate-600">({key.owner.username})</span>
              </>
            ) : (
              <span className="text-slate-500">Removed</span>
            )}
          </Cell>
          <Cell label="Practice">{key.owner?.practiceGroup.name ?? "—"}</Cell>
          <Cell label="Created" className="xl:whitespace-nowrap">
            {formatDateTime(key.createdAt)}
          </Cell>
          <Cell label="Last used" className="xl:whitespace-nowrap">
            {formatDateTime(key.lastUsedAt)}
          </Cell>
          <ActionsCell label={`Actions for ${key.name}`}>
            {/* The seed's order. */}
            <DeleteKeyButton keyId={key.id} name={key.name} ownerName={key.owner?.name ?? "its owner"} />
            <EditKeyButton keyId={key.id} name={key.name} description={key.description} rateLimit={key.rateLimit} />
            <ViewKeyButton keyId={key.id} />
          </ActionsCell>
        </tr>
      ))}
    </CardTable>
  );
}
