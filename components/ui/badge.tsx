const TONES = {
  green: "bg-green-100 text-green-900",
  grey: "bg-slate-200 text-slate-800",
  red: "bg-red-100 text-red-900",
  amber: "bg-amber-100 text-amber-900",
} as const;

export function Badge({ tone, children }: { tone: keyof typeof TONES; children: React.ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ${TONES[tone]}`}>{children}</span>;
}
