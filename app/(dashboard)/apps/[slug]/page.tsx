import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { LedgerTable } from "@/components/activity/ledger-table";
import { RequestFilters } from "@/components/activity/request-filters";
import { RequestsChart } from "@/components/activity/requests-chart";
import { PartnerActions } from "@/components/apps/partner-actions";
import { PartnerStatusBadges } from "@/components/apps/partner-status";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { cardRow, CardTable, Cell } from "@/components/ui/card-table";
import { HeroSupportLink } from "@/components/ui/hero-support-link";
import { ACTIVITY_PERIODS, keyUsage, parseActivityPeriod, partnerActivity, partnerRequests, periodBounds, readRequestFilters } from "@/lib/api-activity";
import { formatDate, formatDateTime, formatExpiry, formatTime } from "@/lib/format";
import { describeUsage, keyStatus, REVOKE_REASONS } from "@/lib/key-status";
import { getPartnerPage, partnerName } from "@/lib/partners";
import { describeAccess, scopeLabels } from "@/lib/scopes";
import { isPracticeAdmin, requireUser } from "@/lib/session";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// The partner's name in the title: it is what a screen reader announces on arriving from Apps.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireUser();
  const name = await partnerName((await params).slug);
  return { title: name ? `${name} · Apps` : "Apps" };
}

export default async function PartnerPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const query = await searchParams;
  const period = parseActivityPeriod(query.period);
  const { slug } = await params;
  const page = await getPartnerPage(user.practiceGroupId, slug);
  if (!page) notFound();
  const { partner, connected, connection, liveKey, viewable, history } = page;
  // What the partner did with the practice's data: practice admins only.
  const activity = isPracticeAdmin(user) ? await partnerActivity(user.practiceGroupId, partner.id, period) : null;
  const requestFilters = activity ? await readRequestFilters(user.practiceGroupId, query) : null;
  // A patient that was asked for and not found lists nothing, not every request.
  const patientMissing = requestFilters?.patient.state === "unknown";
  const requests =
    requestFilters && !patientMissing ? await partnerRequests(user.practiceGroupId, partner.id, periodBounds(period).since, requestFilters.filters) : null;
  const pageLink = (cursor: string | null) => {
    const link = new URLSearchParams({ period, ...Object.fromEntries(Object.entries(requestFilters?.values ?? {}).filter(([, value]) => value)) });
    if (cursor) link.set("cursor", cursor);
    return `?${link}#requests`;
  };
  const usage = liveKey && activity ? (await keyUsage([liveKey.id])).get(liveKey.id) : undefined;
  const expired = liveKey ? keyStatus(liveKey) === "Expired" : false;

  return (
    <>
      <Breadcrumb href="/apps" parent="Apps" current={partner.name} />
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{partner.name}</h1>
          <PartnerStatusBadges connected={connected} liveKey={liveKey} suspendedAt={partner.suspendedAt} />
        </div>
        {partner.suspendedAt && (
          <p role="note" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900" data-testid="partner-suspended">
            Hero support suspended {partner.name} on {formatDateTime(partner.suspendedAt)}:{" "}
            {connected ? "every request it makes with a key of any practice is refused" : "it cannot be connected"} until Hero resumes it. To ask why, contact
            the Hero support team at <HeroSupportLink address />.
          </p>
        )}
        <p className="text-slate-700">{partner.description}</p>
        <p className="text-sm text-slate-600">Scopes: {scopeLabels(partner.scopes)}</p>
        <p className="text-sm text-slate-700" data-testid="partner-access">
          {connected ? describeAccess(partner.name, liveKey?.scopes ?? []) : `If you connect: ${describeAccess(partner.name, partner.scopes)}`}
        </p>
        {connected && connection?.connectedAt && <p className="text-sm text-slate-600">Connected {formatDateTime(connection.connectedAt)}</p>}
      </div>

      <section aria-labelledby="access" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="access" className="text-lg font-semibold">
          Access
        </h2>
        {liveKey && (
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]" aria-label="Live API key">
            <dt className="text-slate-600">API key</dt>
            <dd className="font-mono" data-testid="display-key">
              {liveKey.displayKey}
            </dd>
            <dt className="text-slate-600">Name</dt>
            <dd className="[overflow-wrap:anywhere]">{liveKey.name || "—"}</dd>
            <dt className="text-slate-600">Scopes</dt>
            <dd data-testid="key-scopes">{scopeLabels(liveKey.scopes)}</dd>
            <dt className="text-slate-600">Created</dt>
            <dd>
              {formatDateTime(liveKey.createdAt)} by {liveKey.createdBy.name}
            </dd>
            <dt className="text-slate-600">Last used</dt>
            <dd>{formatDateTime(liveKey.lastUsedAt)}</dd>
            <dt className="text-slate-600">Expires</dt>
            <dd>{formatExpiry(liveKey.expiresAt)}</dd>
            {activity && (
              <>
                <dt className="text-slate-600">Report</dt>
                <dd>
                  <Link href={`/settings/keys/${liveKey.id}`} className="text-brand-700 underline">
                    Key report
                  </Link>
                </dd>
              </>
            )}
          </dl>
        )}
        {expired && (
          <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">This key has expired and no longer works. Rotate the API key to issue a new one.</p>
        )}
        {liveKey && !viewable && (
          <p className="text-sm text-slate-700" data-testid="not-viewable">
            This key was generated in Settings &gt; My Practice &gt; API Key and cannot be shown again here. If {partner.name} has lost it, Rotate API key
            issues a new one, or the Hero support team at <HeroSupportLink address /> can securely share it with you again (one generated before 7 December 2026
            they replace instead).
          </p>
        )}
        {isPracticeAdmin(user) ? (
          <PartnerActions
            partnerId={partner.id}
            partnerName={partner.name}
            partnerScopes={partner.scopes}
            practiceGroupId={user.practiceGroupId}
            connected={connected}
            suspended={partner.suspendedAt !== null}
            liveKey={
              liveKey ? { id: liveKey.id, name: liveKey.name, scopes: liveKey.scopes, expiresAt: liveKey.expiresAt, viewable: viewable && !expired } : null
            }
            usage={describeUsage(usage, formatDateTime)}
          />
        ) : (
          <p className="text-sm text-slate-600">Only practice admins can connect, rotate keys or disconnect apps.</p>
        )}
      </section>

      {history.length > 0 && (
        <section aria-labelledby="history" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="history" className="text-lg font-semibold">
            Earlier keys
          </h2>
          <CardTable caption={`Earlier API keys of ${partner.name}`} columns={["Key", "Name", "Created", "Stopped", "Why", "By"]}>
            {history.map((key) => (
              <tr key={key.id} className={cardRow} data-testid="history-row">
                <Cell label="Key" className="font-mono">
                  {key.displayKey}
                </Cell>
                <Cell label="Name" className="[overflow-wrap:anywhere]">
                  {key.name || "—"}
                </Cell>
                <Cell label="Created">{formatDateTime(key.createdAt)}</Cell>
                <Cell label="Stopped">{formatDateTime(key.revokedAt)}</Cell>
                <Cell label="Why">{REVOKE_REASONS[key.revokedReason ?? ""] ?? "Revoked"}</Cell>
                <Cell label="By">{key.revokedBy.name}</Cell>
              </tr>
            ))}
          </CardTable>
        </section>
      )}
      {activity && (
        <section aria-labelledby="api-activity" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="api-activity" className="text-lg font-semibold">
            API activity
          </h2>
          <nav aria-label="Period" className="flex flex-wrap gap-2 text-sm">
            {Object.entries(ACTIVITY_PERIODS).map(([key, { label }]) => (
              <Link
                key={key}
                href={`?period=${key}`}
                aria-current={key === period ? "page" : undefined}
                className="rounded-md border border-slate-300 px-3 py-1.5 aria-[current=page]:bg-slate-800 aria-[current=page]:text-white"
              >
                {label}
              </Link>
            ))}
          </nav>
          <dl
            className="grid grid-cols-3 gap-3 text-sm sm:max-w-md"
            aria-label={`Requests: ${ACTIVITY_PERIODS[period].label.toLowerCase()}`}
            data-testid="activity-counts"
          >
            {[
              ["Succeeded", activity.counts.succeeded],
              ["Refused", activity.counts.refused],
              ["Rate limited", activity.counts.limited],
            ].map(([label, count]) => (
              <div key={label} className="rounded-md bg-slate-50 p-3">
                <dt className="text-slate-600">{label}</dt>
                <dd className="text-xl font-semibold">{count}</dd>
              </div>
            ))}
          </dl>
          <RequestsChart
            buckets={activity.buckets}
            label={(start) => (period === "30d" ? formatDate(start) : formatTime(start))}
            caption={`Requests of ${partner.name} by outcome, ${ACTIVITY_PERIODS[period].label.toLowerCase()}`}
          />
          {activity.endpoints.length > 0 && (
            <table className="text-sm" data-testid="endpoint-counts">
              <caption className="text-left font-medium">Requests by endpoint</caption>
              <tbody>
                {activity.endpoints.map((endpoint) => (
                  <tr key={`${endpoint.method} ${endpoint.route}`}>
                    <th scope="row" className="pr-4 text-left font-mono text-xs font-normal">
                      {endpoint.method} {endpoint.route}
                    </th>
                    <td className="text-right">{endpoint.requests}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="text-xs text-slate-500">Including calls made for or by practices in your networks.</p>
          <h3 id="requests" className="pt-2 font-semibold">
            Requests: {ACTIVITY_PERIODS[period].label.toLowerCase()}
          </h3>
          {requestFilters && (
            <RequestFilters
              action={`/apps/${slug}`}
              period={period}
              values={requestFilters.values}
              nhsNumber={requestFilters.patient.state === "found" ? requestFilters.patient.nhsNumber : ""}
            />
          )}
          {patientMissing && <p className="text-sm">The link you opened names no patient of your practice. Search by NHS number instead.</p>}
          {requests &&
            (requests.items.length === 0 ? (
              <p className="text-sm">No requests from {partner.name} match.</p>
            ) : (
              <>
                <LedgerTable rows={requests.items} caption={`API requests of ${partner.name}, newest first`} />
                <nav aria-label="Requests pages" className="flex gap-3 text-sm">
                  {requestFilters?.filters.cursor && (
                    <Link href={pageLink(null)} className="text-brand-700 underline">
                      Newest requests
                    </Link>
                  )}
                  {requests.nextCursor && (
                    <Link href={pageLink(requests.nextCursor)} className="text-brand-700 underline">
                      Older requests
                    </Link>
                  )}
                </nav>
              </>
            ))}
        </section>
      )}
    </>
  );
}
