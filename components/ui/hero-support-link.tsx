import { HERO_SUPPORT_EMAIL } from "@/lib/support";

/** Where the documents send practices and partners: an email to Hero support, named or (`address`) spelled out. */
export function HeroSupportLink({ address = false }: { address?: boolean }) {
  return (
    <a href={`mailto:${HERO_SUPPORT_EMAIL}`} className="text-brand-700 underline">
      {address ? HERO_SUPPORT_EMAIL : "Hero support"}
    </a>
  );
}
