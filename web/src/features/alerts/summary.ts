// GET /api/alerts shaped for the header: the firing alerts and the distinct delivery
// errors that still matter (retrying or given up; the digest's last failure).
import type { AlertsSummaryInput } from '@/components/layout/alerts-indicator';
import type { Alerts } from '@/features/alerts/api/get-alerts';

export function alertsSummary(a: Alerts): AlertsSummaryInput {
  const errors = new Set<string>();
  for (const alert of [...a.active, ...a.recent]) {
    for (const d of alert.deliveries) {
      if (d.state !== 'delivered' && d.lastError) errors.add(`${d.channel}: ${d.lastError}`);
    }
  }
  if (a.digest.failure) errors.add(`weekly digest: ${a.digest.failure.error}`);
  return {
    active: a.active.map(({ id, rule, message, firedAt }) => ({ id, rule, message, firedAt })),
    deliveryErrors: [...errors],
  };
}
