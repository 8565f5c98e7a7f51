import { telHref } from "@/lib/format";

/** A practice's phone number, to call from the page (a patient is mostly on a phone). */
export function PhoneLink({ phone }: { phone: string }) {
  return (
    <a href={telHref(phone)} className="font-semibold text-brand-700 underline">
      {phone}
    </a>
  );
}
