import type { Metadata } from "next";
import Link from "next/link";

import { SuperAdminTitle } from "@/components/super-admin/page-title";
import { Pagination } from "@/components/super-admin/pagination";
import { Button, buttonClass, ButtonLink } from "@/components/ui/button";
import { cardRow, CardTable, Cell } from "@/components/ui/card-table";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { ACTOR_MATCH_MAX, listAuditLog, parseAuditLogParams } from "@/lib/audit-log";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { AUDIT_LOG_EXPORT_MAX, SEARCH_MAX_LENGTH } from "@/lib/limits";
import { requireSuperAdmin } from "@/lib/session";

export const metadata: Metadata = { title: "Audit log · Super admin" };

const PATH = "/settings/super-admin/audit-log";
const input = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ searchParams }: Props) {
  await requireSuperAdmin();
  const filters = parseAuditLogParams(await searchParams);
  const [log, partners] = await Promise.all([listAuditLog(filters), prisma.partner.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } })]);
  // The filters, kept by the pages and the export with the moment the first page showed; the page number is the Pagination's.
  const chosen = Object.fromEntries(Object.entries(filters).filter(([name, value]) => name !== "page" && name !== "until" && value !== "")) as Record<
    string,
    string
  >;
  const filterParams = { ...chosen, until: log.until };
  const exportQuery = new URLSearchParams(filterParams).toString();
  const newestQuery = new URLSearchParams(chosen).toString();

  return (
    <>
      <SuperAdminTitle title="Audit log">
        <a href={exportQuery ? `${PATH}/export?${exportQuery}` : `${PATH}/export`} className={buttonClass("secondary")}>
          Export CSV
        </a>
      </SuperAdminTitle>
      <p className="text-sm text-slate-600">
        Every audit event of every practice. Changes by Hero support show as &quot;Hero support&quot;, with the person and the reason they gave (every change
        but those in Super admin &gt; API keys, whose forms ask for none).
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
          <input name="practice" defaultValue={filters.practice} maxLength={SEARCH_MAX_LENGTH} className={input} />
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
          <input name="actor" defaultValue={filters.actor} maxLength={SEARCH_MAX_LENGTH} className={input} />
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
          <Button type="submit">Filter</Button>
          <ButtonLink href={PATH} variant="secondary">
            Clear
          </ButtonLink>
        </div>
      </form>

      <section aria-labelledby="events" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="events" className="text-lg font-semibold">
          {log.total.toLocaleString("en-GB")} {log.total === 1 ? "event" : "events"}
        </h2>
        {log.newer && (
          <p className="text-sm text-slate-600" data-testid="newer-events">
            Newer events have been recorded since this list was loaded.{" "}
            <Link href={newestQuery ? `${PATH}?${newestQuery}` : PATH} className="font-semibold text-brand-700 underline">
              Show the newest
            </Link>
          </p>
        )}
        {log.actorsCut && (
          <p className="text-sm text-slate-600" data-testid="actors-cut">
            More than {ACTOR_MATCH_MAX.toLocaleString("en-GB")} people match the actor filter: these are the events of {ACTOR_MATCH_MAX.toLocaleString("en-GB")}{" "}
            of them. Type more of a name or email.
          </p>
        )}
        {log.total > AUDIT_LOG_EXPORT_MAX && (
          <p className="text-sm text-slate-600" data-testid="export-limit">
            Export CSV holds the newest {AUDIT_LOG_EXPORT_MAX.toLocaleString("en-GB")} of these events: narrow the dates (From, To) to export the rest.
          </p>
        )}
        {log.rows.length > 0 && (
          <CardTable caption="Audit events" columns={["When", "Practice", "Actor", "Action", "Target", "Details", "Reason"]}>
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
                <Cell label="Details" className="break-words">
                  {row.detail || "—"}
                </Cell>
                <Cell label="Reason" className="break-words">
                  {row.reason || "—"}
                </Cell>
              </tr>
            ))}
          </CardTable>
        )}
        <Pagination path={PATH} query="" params={filterParams} noun={["event", "events"]} {...log} />
      </section>
    </>
  );
}
