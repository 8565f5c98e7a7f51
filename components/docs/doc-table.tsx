/**
 * The docs' tables. Below 768 px cells wrap anywhere (a long code too) instead of the table scrolling,
 * so at phone width every column stays on screen.
 */
export function DocTable({ columns, children, caption }: { columns: string[]; children: React.ReactNode; caption?: string }) {
  return (
    <table className="w-full border-collapse text-left text-sm">
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead>
        <tr className="border-b border-slate-300">
          {columns.map((column) => (
            <th key={column} scope="col" className="py-2 pr-3 align-bottom font-semibold text-slate-700 last:pr-0">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="[&_td]:py-2 [&_td]:pr-3 [&_td]:align-top max-md:[&_td]:[overflow-wrap:anywhere] [&_td:last-child]:pr-0 [&_tr]:border-b [&_tr]:border-slate-200">
        {children}
      </tbody>
    </table>
  );
}
