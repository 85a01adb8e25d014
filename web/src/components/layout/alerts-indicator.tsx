// The header's alerts: how many are firing (a button opening their list), and a warning
// when a delivery (e-mail, webhook) or the weekly digest keeps failing.
import { useState } from 'react';

export interface HeaderAlert {
  id: number;
  rule: string;
  message: string;
  firedAt: string;
}

export interface AlertsSummaryInput {
  active: HeaderAlert[];
  /** Errors of deliveries still being retried or given up, and of the digest. */
  deliveryErrors: string[];
}

export function alertsLabel(s: AlertsSummaryInput): string {
  const n = s.active.length;
  if (n === 0) return s.deliveryErrors.length > 0 ? 'Alert delivery failing' : 'No alerts';
  return n === 1 ? '1 alert' : `${n} alerts`;
}

export function AlertsIndicator({ summary }: { summary: AlertsSummaryInput | undefined }) {
  const [open, setOpen] = useState(false);
  if (!summary) return null;
  const tone = summary.active.length > 0 ? 'alerts-firing' : summary.deliveryErrors.length > 0 ? 'alerts-warn' : 'alerts-ok';
  return (
    <div className={`alerts ${tone}`} data-testid="alerts">
      <button
        type="button"
        className="btn btn-ghost"
        aria-expanded={open}
        aria-controls="alerts-list"
        onClick={() => setOpen(!open)}
      >
        {alertsLabel(summary)}
      </button>
      {open && (
        <div id="alerts-list" className="alerts-list" role="region" aria-label="Alerts">
          {summary.active.length === 0 && <p>Nothing is firing.</p>}
          <ul>
            {summary.active.map((a) => (
              <li key={a.id}>
                <strong>{a.rule}</strong>: {a.message} <span className="muted">(since {a.firedAt})</span>
              </li>
            ))}
          </ul>
          {summary.deliveryErrors.length > 0 && (
            <>
              <p>Delivery problems:</p>
              <ul>
                {summary.deliveryErrors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
