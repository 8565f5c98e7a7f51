/** Text whose `backticked` parts are code, as the OpenAPI descriptions and lib's tables write them. */
export function TextWithCode({ text }: { text: string }) {
  return text.split(/(`[^`]+`)/).map((part, index) =>
    part.length > 2 && part.startsWith("`") && part.endsWith("`") ? (
      <code key={index} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] [overflow-wrap:anywhere]">
        {part.slice(1, -1)}
      </code>
    ) : (
      part
    ),
  );
}

/** An error code that wraps only after its underscores (rate_limit_|exceeded), never mid-word. */
export function CodeName({ name }: { name: string }) {
  return (
    <code className="font-mono [overflow-wrap:normal]">
      {name.split(/(?<=_)/).map((part, index) => (
        <span key={index}>
          {index > 0 && <wbr />}
          {part}
        </span>
      ))}
    </code>
  );
}
