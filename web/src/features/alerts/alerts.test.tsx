import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AlertsIndicator, alertsLabel } from '@/components/layout/alerts-indicator';
import type { Alert, AlertDelivery, Alerts } from '@/features/alerts/api/get-alerts';
import { alertsSummary } from '@/features/alerts/summary';

const WEBHOOK: AlertDelivery = {
  event: 'fired',
  channel: 'webhook',
  target: 'https://hooks.example',
  state: 'pending',
  attempts: 2,
  lastError: 'HTTP 500 from https://hooks.example',
  nextAttemptAt: '2026-11-30T01:02:00Z',
  deliveredAt: null,
};

const FIRING: Alert = {
  id: 3,
  rule: 'quiet',
  type: 'noOrders',
  state: 'firing',
  message: 'No order for 9.0 business hours (threshold 8)',
  value: 9,
  threshold: 8,
  firedAt: '2026-11-30T01:00:00Z',
  resolvedAt: null,
  deliveries: [
    { event: 'fired', channel: 'email', target: 'recipients', state: 'delivered', attempts: 1, lastError: null, nextAttemptAt: null, deliveredAt: '2026-11-30T01:00:01Z' },
    WEBHOOK,
  ],
};

const ALERTS: Alerts = {
  active: [FIRING],
  recent: [
    {
      ...FIRING,
      id: 1,
      state: 'resolved',
      resolvedAt: '2026-11-29T01:00:00Z',
      deliveries: [{ ...WEBHOOK, state: 'delivered', lastError: 'HTTP 500 from https://hooks.example' }],
    },
  ],
  digest: { lastSentWeek: '2026-11-23', lastSentAt: '2026-11-30T08:00:00Z', failure: null },
};

describe('alerts in the header', () => {
  it('keeps the firing alerts and the errors of deliveries not yet done', () => {
    const s = alertsSummary(ALERTS);
    expect(s.active.map((a) => a.id)).toEqual([3]);
    expect(s.deliveryErrors).toEqual(['webhook: HTTP 500 from https://hooks.example']);
    const digestFailed = alertsSummary({
      active: [],
      recent: [],
      digest: { ...ALERTS.digest, failure: { week: '2026-11-23', error: 'Login denied', at: '2026-11-30T08:00:00Z', attempts: 2, nextAttemptAt: 'x' } },
    });
    expect(digestFailed.deliveryErrors).toEqual(['weekly digest: Login denied']);
    expect(alertsLabel(digestFailed)).toBe('Alert delivery failing');
  });

  it('counts the alerts and lists them on demand, as text', async () => {
    const s = alertsSummary({ ...ALERTS, active: [FIRING, { ...FIRING, id: 4, rule: '<b>x</b>' }] });
    render(<AlertsIndicator summary={s} />);
    const button = screen.getByRole('button', { name: '2 alerts' });
    expect(screen.queryByRole('region', { name: 'Alerts' })).toBeNull();
    await userEvent.click(button);
    const region = screen.getByRole('region', { name: 'Alerts' });
    expect(region.textContent).toContain('No order for 9.0 business hours');
    expect(region.textContent).toContain('<b>x</b>');
    expect(region.textContent).toContain('HTTP 500 from https://hooks.example');
  });

  it('says so when nothing fires', () => {
    render(<AlertsIndicator summary={alertsSummary({ ...ALERTS, active: [], recent: [] })} />);
    expect(screen.getByRole('button', { name: 'No alerts' })).toBeTruthy();
  });
});
