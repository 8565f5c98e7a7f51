import type { ActivityBucket } from "@/lib/api-activity";

// Told apart by pattern as well as colour (solid, stripes, dots): green, amber and red look alike
// to many colour-blind readers. The patterns are defined once, in the chart (ids are the page's).
const SERIES = [
  { key: "succeeded", label: "Succeeded (2xx)", fill: "fill-green-600", pattern: null },
  { key: "refused", label: "Refused (4xx, 5xx)", fill: "fill-amber-500", pattern: "requests-chart-stripes" },
  { key: "limited", label: "Rate limited (429)", fill: "fill-red-700", pattern: "requests-chart-dots" },
] as const;

function Patterns() {
  return (
    <defs>
      <pattern id="requests-chart-stripes" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="4" height="4" className="fill-amber-500" />
        <rect width="1.5" height="4" className="fill-white" />
      </pattern>
      <pattern id="requests-chart-dots" width="4" height="4" patternUnits="userSpaceOnUse">
        <rect width="4" height="4" className="fill-red-700" />
        <circle cx="2" cy="2" r="0.9" className="fill-white" />
      </pattern>
    </defs>
  );
}

/** A series' paint: its pattern, or its plain colour. */
const paint = (series: (typeof SERIES)[number]) => (series.pattern ? { fill: `url(#${series.pattern})` } : { className: series.fill });

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
        <Patterns />
        {buckets.map((bucket, index) => {
          let y = HEIGHT;
          return (
            // Hovered, a bar gives its figures (the table below gives them to screen readers).
            <g key={bucket.start.toISOString()}>
              <title>{`${label(bucket.start)}: ${SERIES.map((series) => `${bucket[series.key]} ${series.label}`).join(", ")}`}</title>
              {SERIES.map((series) => {
                const height = (bucket[series.key] / max) * HEIGHT;
                y -= height;
                return height > 0 ? <rect key={series.key} x={index * (BAR + GAP)} y={y} width={BAR} height={height} {...paint(series)} /> : null;
              })}
            </g>
          );
        })}
      </svg>
      <div className="flex justify-between text-xs text-slate-600" aria-hidden="true">
        <span>{buckets.length ? label(buckets[0].start) : ""}</span>
        <span>{buckets.length ? label(buckets[buckets.length - 1].start) : ""}</span>
      </div>
      <figcaption className="flex flex-wrap gap-4 text-xs text-slate-700">
        {SERIES.map((series) => (
          <span key={series.key} className="inline-flex items-center gap-1" data-testid={`legend-${series.key}`}>
            <svg viewBox="0 0 12 12" className="size-3 rounded-sm" aria-hidden="true">
              <rect width="12" height="12" {...paint(series)} />
            </svg>{" "}
            {series.label}
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
