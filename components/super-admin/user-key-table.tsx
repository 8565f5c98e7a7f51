import { DeleteKeyButton } from "@/components/super-admin/delete-key-button";
import { EditKeyButton } from "@/components/super-admin/edit-key-button";
import { ViewKeyButton } from "@/components/super-admin/view-key-button";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format";
import type { UserKeyRow } from "@/lib/user-keys";

const COLUMNS = ["Name", "Description", "User", "Practice", "Created", "Last used"];

// Below md each row becomes a card: the header row is visually hidden and each cell carries
// its own label, so a phone never needs to scroll sideways to reach View, Edit or Delete.
function Cell({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <td className={`block py-1 md:table-cell md:py-2 md:pr-3 md:align-top ${className}`}>
      <span className="font-medium text-slate-600 md:hidden">{label}: </span>
      {children}
    </td>
  );
}

export function UserKeyTable({ keys, caption }: { keys: UserKeyRow[]; caption: string }) {
  return (
    <table className="block w-full text-left text-sm md:table">
      <caption className="sr-only">{caption}</caption>
      <thead className="max-md:sr-only">
        <tr className="border-b border-slate-200 text-slate-600">
          {COLUMNS.map((column) => (
            <th key={column} scope="col" className="py-2 pr-3">
              {column}
            </th>
          ))}
          <th scope="col" className="py-2">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className="block md:table-row-group">
        {keys.map((key) => (
          <tr key={key.id} data-testid="user-key-row" className="block border-b border-slate-100 py-3 md:table-row md:py-0">
            <Cell label="Name" className="font-medium break-words">
              {key.name}
            </Cell>
            <Cell label="Description" className="break-words text-slate-700 md:max-w-64">
              {key.description || <span className="text-slate-500">None</span>}
            </Cell>
            <Cell label="User">
              {key.owner ? (
                <>
                  {key.owner.name} <span className="font-mono text-xs text-slate-600">({key.owner.username})</span>
                  {!key.owner.active && (
                    <>
                      {" "}
                      <Badge tone="red">Inactive: key does not work</Badge>
                    </>
                  )}
                </>
              ) : (
                <span className="text-slate-500">Removed</span>
              )}
            </Cell>
            <Cell label="Practice">{key.owner?.practiceGroup.name ?? "—"}</Cell>
            <Cell label="Created" className="md:whitespace-nowrap">
              {formatDateTime(key.createdAt)}
            </Cell>
            <Cell label="Last used" className="md:whitespace-nowrap">
              {formatDateTime(key.lastUsedAt)}
            </Cell>
            <td className="block pt-2 md:table-cell md:py-2">
              <div role="group" aria-label={`Actions for ${key.name}`} className="flex flex-wrap gap-2">
                <ViewKeyButton keyId={key.id} />
                <EditKeyButton keyId={key.id} name={key.name} description={key.description} />
                <DeleteKeyButton keyId={key.id} name={key.name} ownerName={key.owner?.name ?? "its owner"} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
