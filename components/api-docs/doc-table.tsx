/** The plain table the API docs use: optional caption, header cells, then the caller's rows. */
export function DocTable({ caption, columns, children }: { caption?: string; columns: string[]; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        {caption && <caption className="mb-1 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">{caption}</caption>}
        <thead className="text-slate-600">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className="py-1 pr-4 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
