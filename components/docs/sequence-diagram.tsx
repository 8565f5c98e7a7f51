// A sequence diagram drawn as SVG on the server, after the seeds' Mermaid diagrams: participants
// with lifelines, messages (replies dashed) and `alt` blocks. Screen readers get one image whose
// description tells the same sequence in words.
export type SequenceMessage = { from: string; to: string; lines: string[]; reply?: boolean };
export type SequenceStep = SequenceMessage | { alt: { condition: string; messages: SequenceMessage[] }[] };

const WIDTH = 680;
const MARGIN = 16;
const BOX = { height: 40, top: 8 };
const LINE = 17;

function describe(steps: SequenceStep[]): string {
  const sentence = (message: SequenceMessage) => `${message.from} to ${message.to}: ${message.lines.join(", ")}.`;
  return steps
    .map((step) => ("alt" in step ? step.alt.map((branch) => `If ${branch.condition}: ${branch.messages.map(sentence).join(" ")}`).join(" ") : sentence(step)))
    .join(" ");
}

export function SequenceDiagram({ id, title, participants, steps }: { id: string; title: string; participants: string[]; steps: SequenceStep[] }) {
  const column = (WIDTH - 2 * MARGIN) / participants.length;
  const x = (name: string) => MARGIN + column * (participants.indexOf(name) + 0.5);
  const boxWidth = Math.min(column - 24, 180);
  const drawn: React.ReactNode[] = [];
  let y = BOX.top + BOX.height + 26;

  function message(item: SequenceMessage, key: string) {
    const [from, to] = [x(item.from), x(item.to)];
    const labelX = (from + to) / 2;
    const arrowY = y + item.lines.length * LINE + 4;
    drawn.push(
      <g key={key}>
        {item.lines.map((line, index) => (
          <text key={index} x={labelX} y={y + index * LINE + 12} textAnchor="middle" fontSize="13" fill="#1e293b">
            {line}
          </text>
        ))}
        <line
          x1={from}
          y1={arrowY}
          x2={to + (to > from ? -2 : 2)}
          y2={arrowY}
          stroke="#1e293b"
          strokeWidth="1.5"
          strokeDasharray={item.reply ? "6 4" : undefined}
          markerEnd={`url(#${id}-arrow)`}
        />
      </g>,
    );
    y = arrowY + 22;
  }

  steps.forEach((step, index) => {
    if (!("alt" in step)) return message(step, `m${index}`);
    const top = y - 6;
    step.alt.forEach((branch, branchIndex) => {
      const labelY = y + 9;
      if (branchIndex > 0)
        drawn.push(<line key={`d${index}-${branchIndex}`} x1={MARGIN} y1={y - 6} x2={WIDTH - MARGIN} y2={y - 6} stroke="#64748b" strokeDasharray="4 3" />);
      drawn.push(
        <text key={`c${index}-${branchIndex}`} x={MARGIN + 44} y={labelY} fontSize="12" fontWeight="600" fill="#334155">
          [{branch.condition}]
        </text>,
      );
      y += 22;
      branch.messages.forEach((item, messageIndex) => message(item, `m${index}-${branchIndex}-${messageIndex}`));
    });
    drawn.push(
      <g key={`a${index}`}>
        <rect x={MARGIN} y={top} width={WIDTH - 2 * MARGIN} height={y - top - 8} fill="none" stroke="#64748b" />
        <path d={`M${MARGIN} ${top} h36 v14 l-6 6 h-30 z`} fill="#e2e8f0" stroke="#64748b" />
        <text x={MARGIN + 6} y={top + 14} fontSize="12" fontWeight="700" fill="#0f172a">
          alt
        </text>
      </g>,
    );
    y += 10;
  });

  const bottom = y;
  const height = bottom + BOX.height + BOX.top;
  const boxes = (boxY: number) =>
    participants.map((name) => (
      <g key={`${name}-${boxY}`}>
        <rect x={x(name) - boxWidth / 2} y={boxY} width={boxWidth} height={BOX.height} rx="6" fill="#eef6ff" stroke="#1f5fbf" />
        <text x={x(name)} y={boxY + 25} textAnchor="middle" fontSize="14" fontWeight="600" fill="#0f2f5f">
          {name}
        </text>
      </g>
    ));

  return (
    <div role="group" aria-label={`Diagram: ${title}`} tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-2">
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="mx-auto w-full max-w-3xl min-w-[34rem]"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{describe(steps)}</desc>
        <defs>
          <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M0 0 L10 5 L0 10 z" fill="#1e293b" />
          </marker>
        </defs>
        {participants.map((name) => (
          <line key={name} x1={x(name)} y1={BOX.top + BOX.height} x2={x(name)} y2={bottom} stroke="#94a3b8" strokeDasharray="4 4" />
        ))}
        {drawn}
        {boxes(BOX.top)}
        {boxes(bottom)}
      </svg>
    </div>
  );
}
