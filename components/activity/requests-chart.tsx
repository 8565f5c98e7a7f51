import type { ActivityBucket } from "@/lib/api-activity";

const SERIES = [
  { key: "succeeded", label: "Succeeded (2xx)", className: "fill-green-600", swatch: "bg-green-600" },
  { key: "refused", label: "Refused (4xx, 5xx)", className: "fill-amber-500", swatch: "bg-amber-500" },
  { key: "limited", label: "Rate limited (429)", className: "fill-red-700", swatch: "bg-red-700" },
] as const;

const BAR = 10;
const GAP = 2;
const HEIGHT = 120;

type Props = { buckets: ActivityBucket[]; label: (start: Date) => string; caption: string };

/** Requests over time as stacked bars by outcome, drawn on the server as SVG; the same figures as a table for screen readers. */
export function RequestsChart({ buckets, label, caption }: Props) {
  const max = Math.max(1, ...buckets.map((bucket) => bucket.succeeded + bucket.refused + bucket.limited));
  const width = buckets.length * (BAR + GAP);
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="h-32 w-full rounded bg-slate-50"
        aria-hidden="true"
        data-testid="requests-chart"
      >
        {buckets.map((bucket, index) => {
          let y = HEIGHT;
          return SERIES.map(({ key, className }) => {
            const height = (bucket[key] / max) * HEIGHT;
            y -= height;
            return height > 0 ? <rect key={`${index}-${key}`} x={index * (BAR + GAP)} y={y} width={BAR} height={height} className={className} /> : null;
          });
        })}
      </svg>
      <div className="flex justify-between text-xs text-slate-600" aria-hidden="true">
        <span>{buckets.length ? label(buckets[0].start) : ""}</span>
        <span>{buckets.length ? label(buckets[buckets.length - 1].start) : ""}</span>
      </div>
      <figcaption className="flex flex-wrap gap-4 text-xs text-slate-700">
        {SERIES.map(({ label: name, swatch }) => (
          <span key={name} className="inline-flex items-center gap-1">
            <span className={`inline-block size-3 rounded-sm ${swatch}`} aria-hidden="true" /> {name}
          </span>
        ))}
      </figcaption>
      {/* A table ignores sr-only's 1 px width: its wrapper takes it. */}
      <div className="sr-only">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              {SERIES.map(({ label: name }) => (
                <th key={name} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {buckets.map((bucket) => (
              <tr key={bucket.start.toISOString()}>
                <th scope="row">{label(bucket.start)}</th>
                <td>{bucket.succeeded}</td>
                <td>{bucket.refused}</td>
                <td>{bucket.limited}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
