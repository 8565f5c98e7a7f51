import type { Metadata } from "next";
import Link from "next/link";

import { SuperAdminTitle } from "@/components/super-admin/page-title";
import { Pagination } from "@/components/super-admin/pagination";
import { SearchForm } from "@/components/super-admin/search-form";
import { FindKeyForm } from "@/components/support/find-key-form";
import { ActionsCell, cardRow, CardTable, Cell } from "@/components/ui/card-table";
import { ResultsStatus } from "@/components/ui/results-status";
import { requireSuperAdmin } from "@/lib/session";
import { listPracticeGroups, parsePracticeListParams } from "@/lib/support-practices";

export const metadata: Metadata = { title: "Practices · Super admin" };

const LIST_PATH = "/settings/super-admin/practices";
const COLUMNS = ["Practice", "Code", "Networks", "Connected partners", "Live keys"];

/** What the table lists: its caption, and the status's words for what the search found. */
const listed = (q: string) => (q ? `Practices matching “${q}”` : "All practices");
const noMatch = (q: string) => (q ? `No practices match “${q}”.` : "No practices yet.");

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SupportPracticesPage({ searchParams }: Props) {
  await requireSuperAdmin();
  const { q, page } = parsePracticeListParams(await searchParams);
  const list = await listPracticeGroups({ query: q, page });

  return (
    <>
      <SuperAdminTitle title="Practices" />
      <p className="text-sm text-slate-600">
        Every practice group: its partner connections and keys, for rotating, revoking, disconnecting and sharing a key again.
      </p>
      <SearchForm action={LIST_PATH} id="practice-search" label="Search practices" query={q} placeholder="Practice name or code" />
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <FindKeyForm />
      </section>
      <ResultsStatus shown={list.total === 0}>
        {list.total === 0 ? noMatch(q) : `${listed(q)}: ${list.total} ${list.total === 1 ? "practice" : "practices"}.`}
      </ResultsStatus>
      {list.total > 0 && (
        <section aria-label="Practices" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <CardTable caption={listed(q)} columns={COLUMNS} actions>
            {list.practices.map((practice) => (
              <tr key={practice.id} data-testid="practice-row" className={cardRow}>
                <Cell label="Practice" className="font-medium">
                  {practice.name}
                </Cell>
                <Cell label="Code" className="font-mono text-xs">
                  {practice.code}
                </Cell>
                <Cell label="Networks">{practice.networks.length ? practice.networks.join(", ") : <span className="text-slate-500">None</span>}</Cell>
                <Cell label="Connected partners">{practice.connectedPartners}</Cell>
                <Cell label="Live keys">{practice.liveKeys}</Cell>
                <ActionsCell label={`Actions for ${practice.name}`}>
                  <Link href={`${LIST_PATH}/${practice.id}`} className="font-medium text-brand-700 underline">
                    Open<span className="sr-only"> {practice.name}</span>
                  </Link>
                </ActionsCell>
              </tr>
            ))}
          </CardTable>
          <Pagination
            path={LIST_PATH}
            query={q}
            noun={["practice", "practices"]}
            page={list.page}
            pageCount={list.pageCount}
            pageSize={list.pageSize}
            total={list.total}
          />
        </section>
      )}
    </>
  );
}
