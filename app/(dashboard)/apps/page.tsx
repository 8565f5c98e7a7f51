import type { Metadata } from "next";
import Link from "next/link";

import { PartnerStatusBadges, partnerStatusText } from "@/components/apps/partner-status";
import { listPartnersWithStatus } from "@/lib/partners";
import { scopeLabels } from "@/lib/scopes";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Apps" };

export default async function AppsPage() {
  const user = await requireUser();
  const partners = await listPartnersWithStatus(user.practiceGroupId);

  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">Apps</h1>
        <p className="mt-1 text-sm text-slate-600">
          Partners are third-party tools or services that integrate with your Hero Health system. Connecting a partner gives them controlled access to your
          practice data through Hero&apos;s API.
        </p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2" aria-label="Partners">
        {partners.map((partner) => (
          <li
            key={partner.id}
            className="relative h-full space-y-2 rounded-lg border border-slate-200 bg-white p-5 focus-within:border-brand-600 hover:border-brand-600"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 className="text-lg font-semibold">
                {/* The whole card is the link (after:inset-0): its name starts with its visible text, the partner's name, then
                    the badges' words; the rest of the card (description, scopes) is its description. */}
                <Link
                  href={`/apps/${partner.slug}`}
                  aria-label={`${partner.name}: ${partnerStatusText(partner)}`}
                  aria-describedby={`partner-${partner.id}-description partner-${partner.id}-scopes`}
                  className="after:absolute after:inset-0 after:content-['']"
                >
                  {partner.name}
                </Link>
              </h2>
              <span className="flex flex-wrap gap-1">
                <PartnerStatusBadges connected={partner.connected} liveKey={partner.liveKey} suspendedAt={partner.suspendedAt} />
              </span>
            </div>
            <p id={`partner-${partner.id}-description`} className="text-sm text-slate-600">
              {partner.description}
            </p>
            <p id={`partner-${partner.id}-scopes`} className="text-xs text-slate-600">
              Scopes: {scopeLabels(partner.scopes)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
