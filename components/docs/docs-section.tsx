/** A titled part of a docs page; its id is the anchor the contents link to. */
export function DocsSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="scroll-mt-20 space-y-4">
      <h2 id={id} className="scroll-mt-20 border-t border-slate-200 pt-6 text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A boxed note, as the seeds set off "Keep your keys secret" and "Cross-org access": a note, not a landmark, as it sits inside a section. */
export function Callout({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div role="note" aria-label={title} className="rounded-lg border-l-4 border-brand-600 bg-brand-50 px-4 py-3">
      <p className="font-semibold text-brand-900">{title}</p>
      <div className="mt-1 space-y-2">{children}</div>
    </div>
  );
}

/** Body text of the docs: paragraphs, lists and inline code spaced and styled in one place. */
export const PROSE =
  "min-w-0 space-y-6 leading-relaxed [&_li]:my-1 [&_ol]:list-decimal [&_ol]:space-y-1 [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:space-y-1 [&_ul]:pl-6 [&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline [&_h3]:mt-6 [&_h3]:text-lg [&_h3]:font-semibold";
