import { capabilityLabels } from './model-format';

export function CapabilityBadges({ capabilities }: { capabilities: string[] }) {
  if (capabilities.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="capability-list">
      {capabilities.map((capability) => (
        <li key={capability} className="badge badge-muted">
          {capabilityLabels[capability] ?? capability}
        </li>
      ))}
    </ul>
  );
}
