import Link from "next/link";

import { PartnerStatusBadges, partnerStatusText } from "@/components/apps/partner-status";
import { HeroSupportLink } from "@/components/ui/hero-support-link";
import type { listPartnersWithStatus } from "@/lib/partners";
import { scopeLabels } from "@/lib/scopes";

type Partner = Awaited<ReturnType<typeof listPartnersWithStatus>>[number];

/** Apps: a card per partner, or, before Hero has added any, where to ask. */
export function PartnerCards({ partners }: { partners: Partner[] }) {
  if (partners.length === 0)
    return (
      <p className="rounded-lg border border-slate-200 bg-white p-5 text-sm" data-testid="no-partners">
        No partners are available to connect yet. Partners are added by <HeroSupportLink />: ask them about the one you need.
      </p>
    );
  return (
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
  );
}
