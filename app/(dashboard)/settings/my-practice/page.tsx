import type { Metadata } from "next";

import { LedgerTable } from "@/components/activity/ledger-table";
import { PatientSearchForm } from "@/components/activity/patient-search-form";
import { BookingLinkTable } from "@/components/my-practice/booking-link-table";
import { GenerateKeyDialog } from "@/components/my-practice/generate-key-dialog";
import { PracticeKeyTable } from "@/components/my-practice/key-table";
import { PracticeDetailsForm } from "@/components/my-practice/practice-details-form";
import { PracticeUserKeyTable } from "@/components/my-practice/practice-user-key-table";
import { HeroSupportLink } from "@/components/ui/hero-support-link";
import { keyUsage, patientAccessHistory, USER_KEYS_SHOWN_DAYS, userKeysAtPractice } from "@/lib/api-activity";
import { ACTIVITY_SHOWN, activityDetail, AUDIT_ACTIONS, listAuditEvents } from "@/lib/audit";
import { listOpenBookingLinks } from "@/lib/booking-links";
import { isUuid } from "@/lib/domain-error";
import { formatDateTime } from "@/lib/format";
import { listPartnersWithStatus } from "@/lib/partners";
import { getPracticeGroupWithNetworks } from "@/lib/practice-groups";
import { listPracticeKeys } from "@/lib/practice-keys";
import { isPracticeAdmin, requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "My Practice" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MyPracticePage({ searchParams }: Props) {
  const user = await requireUser();
  const admin = isPracticeAdmin(user);
  const patient = (await searchParams).patient;
  const patientId = typeof patient === "string" ? patient : "";
  const [practice, keys, events, partners, access, userKeys, bookingLinks] = await Promise.all([
    getPracticeGroupWithNetworks(user.practiceGroupId),
    listPracticeKeys(user.practiceGroupId),
    // One more than is shown: whether there are earlier events to mention.
    listAuditEvents(user.practiceGroupId, ACTIVITY_SHOWN + 1),
    listPartnersWithStatus(user.practiceGroupId),
    // Patient data: practice admins only, like the rest of the API activity.
    admin ? patientAccessHistory(user.practiceGroupId, patientId) : null,
    admin ? userKeysAtPractice(user.practiceGroupId) : [],
    admin && isUuid(patientId) ? listOpenBookingLinks(user.practiceGroupId, patientId) : [],
  ]);
  // For the Revoke confirmations: what each live key did (practice admins only).
  const usage = admin ? await keyUsage(keys.filter((key) => key.revokedAt === null).map((key) => key.id)) : undefined;

  return (
    <>
      <h1 className="text-2xl font-semibold">My Practice</h1>

      <section aria-labelledby="practice-details" className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="practice-details" className="text-lg font-semibold">
          {practice.name}
        </h2>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-slate-600">Practice code</dt>
          <dd>{practice.code}</dd>
          <dt className="text-slate-600">Practice group ID</dt>
          <dd className="font-mono break-all" data-testid="practice-group-id">
            {practice.id}
          </dd>
          <dt className="text-slate-600">Networks</dt>
          <dd data-testid="practice-networks">
            {practice.networks.length ? (
              <>
                {/* Who may act for this practice: every member's keys can make cross-organisational calls for it. */}
                <ul className="space-y-1">
                  {practice.networks.map((network) => {
                    const others = network.members.filter((member) => member.id !== practice.id).map((member) => member.name);
                    return (
                      <li key={network.id}>
                        {network.name}: {others.length ? `with ${others.join(", ")}` : "no other practice yet"}
                      </li>
                    );
                  })}
                </ul>
                <p className="mt-1 text-xs text-slate-600">
                  Their partners&apos; and users&apos; keys can make calls for your practice, and yours for them (cross-organisational calls).
                </p>
              </>
            ) : (
              "None"
            )}
          </dd>
          <dt className="text-slate-600">Address</dt>
          <dd className="whitespace-pre-line" data-testid="practice-address">
            {practice.address ?? "Not given"}
          </dd>
          <dt className="text-slate-600">Phone</dt>
          <dd data-testid="practice-phone">{practice.phone ?? "Not given"}</dd>
        </dl>
        <p className="text-xs text-slate-500">
          Partners send the practice group ID in the x-practice-group-id header. Patients see the address and phone when they book through a booking link.
        </p>
        {admin && <PracticeDetailsForm address={practice.address} phone={practice.phone} />}
      </section>

      <section aria-labelledby="api-key" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="api-key" className="text-lg font-semibold">
            API Key
          </h2>
          {admin ? (
            <GenerateKeyDialog partners={partners} practiceGroupId={practice.id} />
          ) : (
            <p className="text-sm text-slate-600" data-testid="read-only-note">
              Only practice admins can generate or revoke API keys. Ask a practice admin if a partner needs a key.
            </p>
          )}
        </div>
        <p className="text-sm text-slate-600">
          API keys connect Hero with other systems, such as a triage provider, without sharing login details. Each connected partner has one live key. A
          generated key is displayed only once; if it is lost, generate a new one for the same partner: it replaces the old key, which stops working at once. If
          you need an API key revoked, or if you clicked Done without copying it, you can also contact the Hero support team at <HeroSupportLink address />:
          they can either revoke your existing key or securely share the key with you again, as it will no longer be visible in your account.
        </p>
        {keys.length === 0 ? (
          <p className="text-sm">No API keys yet. {admin ? "Generate API Key creates one for a partner, or connect a partner in Apps." : ""}</p>
        ) : (
          <PracticeKeyTable keys={keys} caption={`API keys of ${practice.name}`} canRevoke={admin} usage={usage} />
        )}
      </section>

      {userKeys.length > 0 && (
        <section aria-labelledby="user-keys" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="user-keys" className="text-lg font-semibold">
            User keys
          </h2>
          <p className="text-sm text-slate-600">
            API keys Hero support made for a user: this practice&apos;s users, and another practice&apos;s that acted for this practice in the last{" "}
            {USER_KEYS_SHOWN_DAYS} days (a network&apos;s). A key report shows all a key of this practice did, and what another practice&apos;s key did for this
            one.
          </p>
          <PracticeUserKeyTable keys={userKeys} caption={`User keys with requests for ${practice.name}`} />
        </section>
      )}

      {access && (
        <section aria-labelledby="record-access" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="record-access" className="text-lg font-semibold">
            Who accessed this record
          </h2>
          <p className="text-sm text-slate-600">
            Every request a partner made through the API that returned or changed this patient&apos;s data, from the API access ledger.
          </p>
          <PatientSearchForm
            action="/settings/my-practice"
            label="NHS number"
            submitLabel="Search"
            nhsNumber={access.state === "found" ? access.nhsNumber : ""}
            className="flex flex-wrap items-end gap-2"
            inputClassName="block w-44 rounded-md border border-slate-300 bg-white px-3 py-2"
          />
          {access.state === "unknown" && <p className="text-sm">The link you opened names no patient of {practice.name}. Search by NHS number instead.</p>}
          {access.state === "found" && (
            <>
              <h3 id="booking-links" className="pt-2 font-semibold">
                Open booking links
              </h3>
              <p className="text-sm text-slate-600">
                Links made through the API for {access.patientName} that can still book an appointment, or still show the one they booked. Stop one sent to the
                wrong person: it stops working at once.
              </p>
              {bookingLinks.length === 0 ? (
                <p className="text-sm">{access.patientName} has no open booking links.</p>
              ) : (
                <BookingLinkTable links={bookingLinks} caption={`Open booking links for ${access.patientName}`} practiceGroupId={practice.id} />
              )}
              <h3 id="record-requests" className="pt-2 font-semibold">
                API requests
              </h3>
              {access.rows.length === 0 ? (
                <p className="text-sm">No partner has accessed {access.patientName}&apos;s record through the API.</p>
              ) : (
                <LedgerTable rows={access.rows} caption={`API requests that touched ${access.patientName}'s record`} />
              )}
            </>
          )}
        </section>
      )}

      <section aria-labelledby="activity" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="activity" className="text-lg font-semibold">
          Activity
        </h2>
        {events.length === 0 ? (
          <p className="text-sm">Nothing yet.</p>
        ) : (
          <ol className="divide-y divide-slate-100 text-sm" aria-label="Activity">
            {events.slice(0, ACTIVITY_SHOWN).map((event) => {
              const detail = activityDetail(event.action, event.metadata);
              return (
                <li key={event.id} className="flex flex-wrap justify-between gap-2 py-2" data-testid="activity-item">
                  <span>
                    <strong>{event.actorName}</strong> · {AUDIT_ACTIONS[event.action as keyof typeof AUDIT_ACTIONS] ?? event.action} · {event.targetLabel}
                    {detail && ` · ${detail}`}
                  </span>
                  <time dateTime={event.createdAt.toISOString()} className="text-slate-500">
                    {formatDateTime(event.createdAt)}
                  </time>
                </li>
              );
            })}
          </ol>
        )}
        {events.length > ACTIVITY_SHOWN && (
          <p className="text-sm text-slate-600" data-testid="activity-more">
            The latest {ACTIVITY_SHOWN} events. For earlier ones, contact the Hero support team at <HeroSupportLink address />, who keep the full record.
          </p>
        )}
      </section>
    </>
  );
}
