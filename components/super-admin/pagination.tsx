import Link from "next/link";

type Props = {
  path: string;
  query: string;
  params?: Record<string, string>;
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
  /** What is counted, one and many: "Showing 1–3 of 3 practices". */
  noun: [string, string];
};

const count = new Intl.NumberFormat("en-GB");
const linkClass = "inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 font-semibold hover:bg-slate-100";
// slate-600 on white: disabled, yet above 4.5:1 like all text (slate-400 was 2.6:1).
const disabledClass = "inline-flex min-h-10 items-center rounded-md border border-dashed border-slate-300 px-3 text-slate-600";

export function Pagination({ path, query, params: filters = {}, page, pageCount, pageSize, total, noun }: Props) {
  const href = (target: number) => {
    const params = new URLSearchParams(filters);
    if (query) params.set("q", query);
    if (target > 1) params.set("page", String(target));
    return params.size ? `${path}?${params}` : path;
  };
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(page * pageSize, total);

  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p data-testid="pagination-summary">
        Showing {count.format(from)}–{count.format(to)} of {count.format(total)} {total === 1 ? noun[0] : noun[1]}
      </p>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} rel="prev" className={linkClass}>
            Previous
          </Link>
        ) : (
          <span className={disabledClass}>Previous</span>
        )}
        <span>
          Page {count.format(page)} of {count.format(pageCount)}
        </span>
        {page < pageCount ? (
          <Link href={href(page + 1)} rel="next" className={linkClass}>
            Next
          </Link>
        ) : (
          <span className={disabledClass}>Next</span>
        )}
      </div>
    </nav>
  );
}
