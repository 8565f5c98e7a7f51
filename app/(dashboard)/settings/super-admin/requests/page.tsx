import type { Metadata } from "next";
import Link from "next/link";

import { LedgerTable } from "@/components/activity/ledger-table";
import { SuperAdminTitle } from "@/components/super-admin/page-title";
import { SearchForm } from "@/components/super-admin/search-form";
import { isUuid } from "@/lib/domain-error";
import { formatDateTime } from "@/lib/format";
import { ledgerRetentionDays } from "@/lib/ledger";
import { findRequest } from "@/lib/request-lookup";
import { requireSuperAdmin } from "@/lib/session";

export const metadata: Metadata = { title: "Requests · Super admin" };

const PATH = "/settings/super-admin/requests";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SupportRequestsPage({ searchParams }: Props) {
  await requireSuperAdmin();
  const raw = (await searchParams).q;
  const id = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 100) ?? "";
  const found = id ? await findRequest(id) : null;

  return (
    <>
      <SuperAdminTitle title="Requests" />
      <p className="text-sm text-slate-600">
        One API request, by the <code>x-request-id</code> its answer carried: partners quote it to Hero support (Errors in the developer docs).
      </p>
      <SearchForm action={PATH} id="request-search" label="Request ID" query={id} placeholder="e.g. 019af3c2-5e10-7c4d-9b2a-3f6e8d1c0a57" />
      {found?.state === "not_an_id" && (
        <p className="text-sm" role="status">
          {isUuid(id)
            ? "This request ID was given before 7 December 2026, when IDs did not yet carry their time: it cannot be looked up."
            : "This is not a request ID: one is 36 characters, e.g. 019af3c2-5e10-7c4d-9b2a-3f6e8d1c0a57."}
        </p>
      )}
      {found?.state === "not_found" && (
        <p className="text-sm" role="status">
          No request with this ID is in the ledger. Its ID says it was made at {formatDateTime(found.at)}. The ledger keeps requests made with a known key for{" "}
          {ledgerRetentionDays()} days, written within a few seconds of their answer; one refused before its key was known (no key, or a malformed or unknown
          one) is not kept.
        </p>
      )}
      {found?.state === "found" && (
        <section aria-label="The request" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <LedgerTable rows={[found.row]} caption={`Request ${found.row.requestId}`} />
          <p className="text-sm">
            <Link href={`/settings/keys/${found.row.keyId}`} className="text-brand-700 underline">
              Key report
            </Link>{" "}
            (which patients, recorded in their practices&apos; Activity) ·{" "}
            <Link href={`/settings/super-admin/practices/${found.row.practiceGroupId}`} className="text-brand-700 underline">
              {found.row.keyPracticeName}
            </Link>
          </p>
        </section>
      )}
    </>
  );
}
