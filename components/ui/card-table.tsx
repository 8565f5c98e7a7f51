// A table that becomes a list of cards below xl (1280 px): the header row is visually hidden and
// each cell carries its own label, so no screen scrolls sideways to reach a row's actions. xl, not
// md: beside the sidebar, My Practice's ten columns pushed the page 361 px sideways at 768 px and
// 105 px at 1024, the API activity's eight 293 and 37.

/** Every card table's skeleton: a caption for screen readers, the column headers, then the rows (`cardRow`s). */
export function CardTable({
  caption,
  columns,
  actions = false,
  children,
}: {
  caption: string;
  columns: string[];
  actions?: boolean;
  children: React.ReactNode;
}) {
  return (
    <table className="block w-full text-left text-sm xl:table">
      <caption className="sr-only">{caption}</caption>
      <thead className="max-xl:sr-only">
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
      </thead>
      <tbody className="block xl:table-row-group">{children}</tbody>
    </table>
  );
}

/** A row's class: a card below xl, a table row from xl. */
export const cardRow = "block border-b border-slate-100 py-3 xl:table-row xl:py-0";

export function Cell({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <td className={`block py-1 xl:table-cell xl:py-2 xl:pr-3 xl:align-top ${className}`}>
      <span className="font-medium text-slate-600 xl:hidden">{label}: </span>
      {children}
    </td>
  );
}

export function ActionsCell({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <td className="block pt-2 xl:table-cell xl:py-2">
      <div role="group" aria-label={label} className="flex flex-wrap gap-2">
        {children}
      </div>
    </td>
  );
}
