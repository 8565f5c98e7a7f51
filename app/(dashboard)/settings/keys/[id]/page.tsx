import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";

import { LedgerTable } from "@/components/activity/ledger-table";
import { Button, buttonClass, ButtonLink } from "@/components/ui/button";
import { cardRow, CardTable, Cell } from "@/components/ui/card-table";
import {
  KEY_REPORT_MAX_ROWS,
  KEY_REPORT_PAGE_ROWS,
  keyReport,
  parseKeyReportRange,
  recordReportView,
  startedByAnotherSite,
  type KeyReport,
} from "@/lib/api-activity";
import { formatDateTime } from "@/lib/format";
import { keyStatus } from "@/lib/key-status";
import { ASK_FIRST } from "@/lib/safe-redirect";
import { requireUser, signInIfSessionEnded } from "@/lib/session";
import { REMOVED_USER_NAME } from "@/lib/support";

export const metadata: Metadata = { title: "Key report" };

const input = "block rounded-md border border-slate-300 bg-white px-3 py-2";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Whose key: a partner, or a user (named only to the key's own practice and to Hero support). */
function keyTitle({ partner, owner, practiceGroup }: KeyReport["key"]) {
  if (partner) return partner.name;
  if (!owner) return `User key of ${REMOVED_USER_NAME.toLowerCase()}`;
  return owner.username ? `User key of ${owner.username}` : `User key of staff at ${practiceGroup.name}`;
}

/** Everything one key did in a date range, for incident reporting: practice admins (their keys) and super admins (any). */
export default async function KeyReportPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const { id } = await params;
  const asked = await searchParams;
  const range = parseKeyReportRange(asked);
  // Opening a report is recorded in practices' Activity: another site's link must not record a
  // view in a signed-in browser (as the CSV refuses one), nor one that led through sign-in
  // (ASK_FIRST). The same address, followed from here, does.
  if (startedByAnotherSite(await headers()) || asked[ASK_FIRST] !== undefined)
    return <FollowedFromAnotherSite href={`/settings/keys/${id}?${new URLSearchParams(range)}`} />;
  const report = await keyReport(user, id, range, KEY_REPORT_PAGE_ROWS);
  if (!report) notFound();
  await recordReportView(user, report, range, "page").catch(signInIfSessionEnded);
  const { key, rows, patients, patientCount, requests } = report;
  const query = new URLSearchParams(range).toString();

  return (
    <>
      <div className="space-y-1">
        <p className="text-sm text-slate-600">Settings · Key report</p>
        <h1 className="text-2xl font-semibold">
          {keyTitle(key)} <span className="font-mono text-base">{key.displayKey}</span>
        </h1>
        <p className="text-sm text-slate-600">
          {key.name || "Unnamed key"} · {key.practiceGroup.name} ({key.practiceGroup.code}) · made {formatDateTime(key.createdAt)} ·{" "}
          {keyStatus({ ...key, ownerActive: key.owner?.active })}
          {key.revokedAt ? ` ${formatDateTime(key.revokedAt)}` : ""}
        </p>
      </div>

      <form
        key={`${range.from} ${range.to}`}
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-5"
        aria-label="Date range"
      >
        <label className="text-sm font-medium">
          From
          <input type="date" name="from" defaultValue={range.from} className={input} />
        </label>
        <label className="text-sm font-medium">
          To
          <input type="date" name="to" defaultValue={range.to} className={input} />
        </label>
        <Button type="submit" variant="secondary">
          Show
        </Button>
        <a href={`/settings/keys/${key.id}/export?${query}`} className={buttonClass("secondary")}>
          Export CSV
        </a>
      </form>

      <section aria-labelledby="report-patients" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="report-patients" className="text-lg font-semibold">
          Patients touched ({patientCount.toLocaleString("en-GB")})
        </h2>
        {patientCount > patients.length && (
          <p className="text-sm text-slate-600">The first {KEY_REPORT_PAGE_ROWS} by name are shown; every request&apos;s patient IDs are in the CSV.</p>
        )}
        {patients.length === 0 ? (
          <p className="text-sm">
            No patient&apos;s data was returned or written by this key between {range.from} and {range.to}.
          </p>
        ) : (
          <CardTable caption="Patients whose data this key returned or wrote" columns={["Patient", "NHS number", "Practice", "Patient ID"]}>
            {patients.map((patient) => (
              <tr key={patient.id} className={cardRow} data-testid="report-patient">
                <Cell label="Patient">{patient.name ?? "Another practice's patient"}</Cell>
                <Cell label="NHS number">{patient.nhsNumber ?? "—"}</Cell>
                <Cell label="Practice">{patient.practice}</Cell>
                <Cell label="Patient ID" className="font-mono text-xs break-all">
                  {patient.id}
                </Cell>
              </tr>
            ))}
          </CardTable>
        )}
      </section>

      <section aria-labelledby="report-requests" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="report-requests" className="text-lg font-semibold">
          Requests ({requests.toLocaleString("en-GB")})
        </h2>
        {requests === 0 ? (
          <p className="text-sm">
            No requests between {range.from} and {range.to}.
          </p>
        ) : (
          <>
            {requests > rows.length && (
              <p className="text-sm text-slate-600">
                The latest {KEY_REPORT_PAGE_ROWS} are shown; the CSV has the latest {KEY_REPORT_MAX_ROWS.toLocaleString("en-GB")}.
              </p>
            )}
            <LedgerTable rows={rows} caption={`Requests of ${key.displayKey}`} />
          </>
        )}
      </section>
    </>
  );
}

function FollowedFromAnotherSite({ href }: { href: string }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">Settings · Key report</p>
      <h1 className="text-2xl font-semibold">Open this key report?</h1>
      <p className="text-sm">
        You followed a link from another site, or signed in on the way here. Opening the report records in the practices&apos; Activity that you viewed it.
      </p>
      <ButtonLink href={href}>Show key report</ButtonLink>
    </div>
  );
}
