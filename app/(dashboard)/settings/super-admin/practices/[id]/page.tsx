import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";

import { PartnerStatusBadges } from "@/components/apps/partner-status";
import { ConnectionScopesButton } from "@/components/support/partner-support-actions";
import {
  RateLimitButton,
  ShareKeyButton,
  SupportConnectButton,
  SupportDisconnectButton,
  SupportRevokeButton,
  SupportRotateButton,
} from "@/components/support/practice-support-actions";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { formatDateTime } from "@/lib/format";
import { REVOKE_REASONS } from "@/lib/key-status";
import { RATE_LIMIT } from "@/lib/limits";
import { overrideRefreshMs } from "@/lib/rate-limit-overrides";
import { scopeLabels } from "@/lib/scopes";
import { requireSuperAdmin } from "@/lib/session";
import { getSupportPractice } from "@/lib/support-practices";

type Props = { params: Promise<{ id: string }> };

// The practice's name in the title: each support tab and history entry says which practice it is.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireSuperAdmin();
  const id = z.uuid().safeParse((await params).id);
  const page = id.success ? await getSupportPractice(id.data) : null;
  return { title: page ? `${page.practice.name} · Practices · Super admin` : "Practice · Super admin" };
}

export default async function SupportPracticePage({ params }: Props) {
  await requireSuperAdmin();
  const id = z.uuid().safeParse((await params).id);
  const page = id.success ? await getSupportPractice(id.data) : null;
  if (!page) notFound();
  const { practice, connections, connectable, userKeys } = page;

  return (
    <>
      <Breadcrumb href="/settings/super-admin/practices" parent="Practices" current={practice.name} />
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">
          {practice.name} <span className="text-base font-normal text-slate-600">({practice.code})</span>
        </h1>
        <p className="text-sm text-slate-600">
          Practice group ID <span className="font-mono">{practice.id}</span>
        </p>
        <p className="text-sm text-slate-600">
          Networks:{" "}
          {practice.networks.length
            ? practice.networks.map(({ network }, index) => (
                <span key={network.id}>
                  {index > 0 && ", "}
                  <Link href={`/settings/super-admin/networks/${network.id}`} className="text-brand-700 underline">
                    {network.name}
                  </Link>
                </span>
              ))
            : "none"}
          {" · "}
          <Link href={`/settings/super-admin/api-keys?practice=${encodeURIComponent(practice.code)}`} className="text-brand-700 underline">
            {userKeys} user API {userKeys === 1 ? "key" : "keys"}
          </Link>
        </p>
      </div>

      {connections.length === 0 && <p className="text-sm">This practice has never connected a partner.</p>}
      {connectable.length > 0 && (
        <div className="flex flex-wrap items-center gap-3">
          <SupportConnectButton practiceGroupId={practice.id} practiceName={practice.name} partners={connectable} />
          <p className="text-sm text-slate-600">For a partner that asked Hero support for a key at this practice (suspended partners are not offered).</p>
        </div>
      )}
      {connections.map((connection) => {
        const who = { practiceGroupId: practice.id, practiceName: practice.name, partnerId: connection.partner.id, partnerName: connection.partner.name };
        const live = connection.liveKey;
        return (
          <section
            key={connection.id}
            aria-labelledby={`partner-${connection.id}`}
            className="space-y-3 rounded-lg border border-slate-200 bg-white p-5"
            data-testid="support-connection"
          >
            <div className="flex flex-wrap items-center gap-3">
              <h2 id={`partner-${connection.id}`} className="text-lg font-semibold">
                {connection.partner.name}
              </h2>
              <PartnerStatusBadges connected={connection.connected} liveKey={live} suspendedAt={connection.partner.suspendedAt} />
            </div>
            {live && (
              <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]" aria-label={`${connection.partner.name}'s live API key`}>
                <dt className="text-slate-600">API key</dt>
                <dd className="font-mono" data-testid="display-key">
                  {live.displayKey}
                </dd>
                <dt className="text-slate-600">Name</dt>
                <dd>{live.name || "—"}</dd>
                <dt className="text-slate-600">Scopes</dt>
                <dd>{scopeLabels(live.scopes)}</dd>
                <dt className="text-slate-600">Created</dt>
                <dd>{formatDateTime(live.createdAt)}</dd>
                <dt className="text-slate-600">Last used</dt>
                <dd>{formatDateTime(live.lastUsedAt)}</dd>
                <dt className="text-slate-600">Report</dt>
                <dd>
                  <Link href={`/settings/keys/${live.id}`} className="text-brand-700 underline">
                    Key report
                  </Link>
                </dd>
                <dt className="text-slate-600">Rate limit</dt>
                <dd data-testid="rate-limit">
                  {connection.rateLimit ? `${connection.rateLimit} a minute (set by Hero support)` : `${RATE_LIMIT} a minute (default)`}
                </dd>
              </dl>
            )}
            {live?.notShareable && (
              <p className="text-sm text-slate-700" data-testid="not-shareable">
                {live.notShareable}
              </p>
            )}
            {connection.connected && (
              <div className="flex flex-wrap gap-2" role="group" aria-label={`Actions for ${connection.partner.name}`}>
                {live && !live.notShareable && <ShareKeyButton {...who} keyId={live.id} displayKey={live.displayKey} />}
                <SupportRotateButton {...who} keyId={live?.id ?? null} />
                {live && <SupportRevokeButton {...who} keyId={live.id} displayKey={live.displayKey} />}
                {/* Also here: support finds a practice by its code, and a partner's page lists every practice it is connected to. */}
                {live && (
                  <ConnectionScopesButton
                    partnerId={connection.partner.id}
                    practiceGroupId={practice.id}
                    practiceName={practice.name}
                    partnerScopes={connection.partner.scopes}
                    keyId={live.id}
                    scopes={live.scopes}
                  />
                )}
                <RateLimitButton {...who} rateLimit={connection.rateLimit} refreshMs={overrideRefreshMs()} />
                <SupportDisconnectButton {...who} keyId={live?.id ?? null} />
              </div>
            )}
            {connection.history.length > 0 && (
              <details className="text-sm">
                <summary className="cursor-pointer font-medium">Earlier keys ({connection.earlierKeys.toLocaleString("en-GB")})</summary>
                <ul className="mt-2 space-y-1">
                  {connection.history.map((key) => (
                    <li key={key.id}>
                      <span className="font-mono">{key.displayKey}</span> · stopped {formatDateTime(key.revokedAt)} ·{" "}
                      {REVOKE_REASONS[key.revokedReason ?? ""] ?? "Revoked"}
                    </li>
                  ))}
                </ul>
                {connection.earlierKeys > connection.history.length && (
                  <p className="mt-2 text-slate-600" data-testid="earlier-keys-cut">
                    The newest {connection.history.length} are listed. The{" "}
                    <Link
                      className="text-brand-700 underline"
                      href={`/settings/super-admin/audit-log?${new URLSearchParams({ practice: practice.code, partner: connection.partner.id })}`}
                    >
                      Audit log
                    </Link>{" "}
                    has every one.
                  </p>
                )}
              </details>
            )}
          </section>
        );
      })}
    </>
  );
}
