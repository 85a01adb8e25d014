// A figure with its label; optionally its change against a previous period.
import { formatChange } from '@/lib/format';

export interface StatCardProps {
  label: string;
  value: string;
  change?: number | null;
  hint?: string;
  testId?: string;
}

export function StatCard({ label, value, change, hint, testId }: StatCardProps) {
  const tone = change === undefined ? '' : change === null || change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  return (
    <div className="stat-card" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {change !== undefined && (
        <div className={`stat-change stat-${tone}`}>
          {formatChange(change)} <span className="muted">vs previous period</span>
        </div>
      )}
      {hint && <div className="stat-hint muted">{hint}</div>}
    </div>
  );
}
