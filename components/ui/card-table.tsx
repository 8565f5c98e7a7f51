// A table that becomes a list of cards below md: the header row is visually hidden and each cell
// carries its own label, so a phone never needs to scroll sideways to reach a row's actions.
export const cardTable = {
  table: "block w-full text-left text-sm md:table",
  head: "max-md:sr-only",
  body: "block md:table-row-group",
  row: "block border-b border-slate-100 py-3 md:table-row md:py-0",
};

export function HeaderRow({ columns, actions = false }: { columns: string[]; actions?: boolean }) {
  return (
    <tr className="border-b border-slate-200 text-slate-600">
      {columns.map((column) => (
        <th key={column} scope="col" className="py-2 pr-3">
          {column}
        </th>
      ))}
      {actions && (
        <th scope="col" className="py-2">
          <span className="sr-only">Actions</span>
        </th>
      )}
    </tr>
  );
}

export function Cell({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <td className={`block py-1 md:table-cell md:py-2 md:pr-3 md:align-top ${className}`}>
      <span className="font-medium text-slate-600 md:hidden">{label}: </span>
      {children}
    </td>
  );
}

export function ActionsCell({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <td className="block pt-2 md:table-cell md:py-2">
      <div role="group" aria-label={label} className="flex flex-wrap gap-2">
        {children}
      </div>
    </td>
  );
}
