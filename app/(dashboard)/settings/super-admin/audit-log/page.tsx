import type { Metadata } from "next";
import Link from "next/link";

import { SuperAdminTitle } from "@/components/super-admin/page-title";
import { cardRow, CardTable, Cell } from "@/components/ui/card-table";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { listAuditLog, parseAuditLogParams } from "@/lib/audit-log";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { requireSuperAdmin } from "@/lib/session";

export const metadata: Metadata = { title: "Audit log · Super admin" };

const PATH = "/settings/super-admin/audit-log";
const input = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ searchParams }: Props) {
  await requireSuperAdmin();
  const filters = parseAuditLogParams(await searchParams);
  const [log, partners] = await Promise.all([listAuditLog(filters), prisma.partner.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } })]);
  const query = (page: number) => {
    const params = new URLSearchParams(Object.entries({ ...filters, page: String(page) }).filter(([, value]) => value !== "" && value !== "1"));
    return params.size ? `?${params}` : "";
  };

  return (
    <>
      <SuperAdminTitle title="Audit log">
        <a
          href={`${PATH}/export${query(1)}`}
          className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100"
        >
          Export CSV
        </a>
      </SuperAdminTitle>
      <p className="text-sm text-slate-600">
        Every audit event of every practice. Changes by Hero support show as &quot;Hero support&quot;, with the person and the reason.
      </p>

      {/* Keyed by the filters: Clear and Back keep the form, and a select's defaultValue is read once. */}
      <form
        key={JSON.stringify({ ...filters, page: 1 })}
        method="get"
        className="grid gap-3 rounded-lg border border-slate-200 bg-white p-5 sm:grid-cols-3"
        aria-label="Filter the audit log"
      >
        <label className="text-sm font-medium">
          Practice code
          <input name="practice" defaultValue={filters.practice} className={input} />
        </label>
        <label className="text-sm font-medium">
          Partner
          <select name="partner" defaultValue={filters.partner} className={input}>
            <option value="">All partners</option>
            {partners.map((partner) => (
              <option key={partner.id} value={partner.id}>
                {partner.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          Actor (name or email)
          <input name="actor" defaultValue={filters.actor} className={input} />
        </label>
        <label className="text-sm font-medium">
          Action
          <select name="action" defaultValue={filters.action} className={input}>
            <option value="">All actions</option>
            {Object.entries(AUDIT_ACTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          From
          <input type="date" name="from" defaultValue={filters.from} className={input} />
        </label>
        <label className="text-sm font-medium">
          To
          <input type="date" name="to" defaultValue={filters.to} className={input} />
        </label>
        <div className="flex gap-2 sm:col-span-3">
          <button
            type="submit"
            className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
          >
            Filter
          </button>
          <Link
            href={PATH}
            className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100"
          >
            Clear
          </Link>
        </div>
      </form>

      <section aria-labelledby="events" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="events" className="text-lg font-semibold">
          {log.total} {log.total === 1 ? "event" : "events"}
        </h2>
        {log.rows.length > 0 && (
          <CardTable caption="Audit events" columns={["When", "Practice", "Actor", "Action", "Target", "Reason"]}>
            {log.rows.map((row) => (
              <tr key={row.id} className={cardRow} data-testid="audit-row">
                <Cell label="When" className="xl:whitespace-nowrap">
                  {formatDateTime(row.createdAt)}
                </Cell>
                <Cell label="Practice">{row.practice}</Cell>
                <Cell label="Actor">
                  {row.actor}
                  {row.actorUser && row.actorUser !== row.actor && <span className="block text-xs text-slate-600">{row.actorUser}</span>}
                </Cell>
                <Cell label="Action">{row.action}</Cell>
                <Cell label="Target" className="break-words">
                  {row.target}
                </Cell>
                <Cell label="Reason" className="break-words">
                  {row.reason || "—"}
                </Cell>
              </tr>
            ))}
          </CardTable>
        )}
        <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
          <span>
            Page {log.page} of {log.pageCount}
          </span>
          <span className="flex gap-2">
            {log.page > 1 && (
              <Link href={`${PATH}${query(log.page - 1)}`} className="rounded-md border border-slate-300 px-3 py-2 font-semibold">
                Previous
              </Link>
            )}
            {log.page < log.pageCount && (
              <Link href={`${PATH}${query(log.page + 1)}`} className="rounded-md border border-slate-300 px-3 py-2 font-semibold">
                Next
              </Link>
            )}
          </span>
        </nav>
      </section>
    </>
  );
}
