import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { setApiKey } from '@/lib/auth-store';
import { formatDateTime } from '@/lib/format';
import { createQueryClient } from '@/lib/query-client';
import { type Shop, shopQueryOptions } from '@/lib/shop';
import { failureQueryOptions } from '@/features/emails/api/get-failure';
import type { IngestFailureDetail } from '@/features/emails/api/types';
import { FailureDetail } from '@/features/emails/components/failure-detail';
import { badgeText, failingField, replayOutcome } from '@/features/emails/components/failure-format';

const SHOP: Shop = {
  clientID: 'acme',
  name: 'Acme Packaging',
  timezone: 'Pacific/Kiritimati',
  currency: 'AUD',
  role: 'admin',
  today: '2025-10-21',
  segmentSettings: { vipSpend: 5000, vipOrders: 10, dormantDays: 180, newDays: 30 },
};

const FAILURE: IngestFailureDetail = {
  id: 7,
  messageID: 'abc@example.com',
  from: 'orders@shop.example',
  subject: 'New order #1001',
  source: 'file',
  field: 'customer.email',
  reason: 'must be an e-mail address',
  attempts: 2,
  receivedAt: '2025-10-20T10:30:00Z',
  updatedAt: '2025-10-20T11:00:00Z',
  raw: 'Subject: New order #1001\r\n\r\n<script>alert(1)</script> & <b>bold</b>\r\n',
};

/** The detail page with the shop and the failure already known (no requests). */
function renderDetail(role: Shop['role']) {
  setApiKey('pp_test');
  const client = createQueryClient();
  client.setQueryData(shopQueryOptions('pp_test').queryKey, { ...SHOP, role });
  client.setQueryData(failureQueryOptions(7).queryKey, FAILURE);
  const router = createMemoryRouter([{ path: '*', element: <FailureDetail id={7} /> }], {
    initialEntries: ['/emails/7'],
  });
  return render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('failure queue shaping', () => {
  it('names the failing field, or the whole message', () => {
    expect(failingField({ field: 'total' })).toBe('total');
    expect(failingField({ field: '' })).toBe('(whole message)');
  });

  it('badges only a non-empty queue, capped at 99+', () => {
    expect(badgeText(null)).toBeNull();
    expect(badgeText(0)).toBeNull();
    expect(badgeText(1)).toBe('1');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });

  it('says what a replay did', () => {
    const imported = replayOutcome({ result: 'imported', messageID: 'm', import: 'created', template: 'plain' });
    expect(imported.tone).toBe('ok');
    expect(imported.text).toContain('Imported (order created) with the plain template');
    expect(replayOutcome({ result: 'duplicate', messageID: 'm' }).text).toContain('Already imported');
    const failed = replayOutcome({ result: 'failed', messageID: 'm', field: 'total', reason: 'is required' });
    expect(failed.tone).toBe('error');
    expect(failed.text).toBe('Still failing on total: is required. It stays in the queue.');
  });

  it("shows instants in the shop's time zone", () => {
    // 10:30 UTC is 00:30 the next day at UTC+14 and 23:30 the day before at UTC-11.
    expect(formatDateTime('2025-10-20T10:30:00Z', 'Pacific/Kiritimati')).toMatch(/21 Oct 2025.*12:30/);
    expect(formatDateTime('2025-10-20T10:30:00Z', 'Pacific/Pago_Pago')).toMatch(/19 Oct 2025.*11:30/);
  });
});

describe('failure detail', () => {
  it('shows the raw message as text, never as markup', () => {
    renderDetail('read');
    const pre = screen.getByTestId('raw-message');
    expect(pre.tagName).toBe('PRE');
    expect(pre.textContent).toContain('<script>alert(1)</script> & <b>bold</b>');
    expect(pre.querySelector('script, b')).toBeNull();
    expect(screen.getByText('customer.email')).toBeInTheDocument();
    expect(screen.getByText('must be an e-mail address')).toBeInTheDocument();
  });

  it('hides Replay and Dismiss from read keys', () => {
    renderDetail('read');
    expect(screen.queryByRole('button', { name: 'Replay' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Dismiss' })).toBeNull();
  });

  it('asks before dismissing; Cancel leaves everything as it was', async () => {
    renderDetail('admin');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('Remove this e-mail from the queue?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Replay' })).toBeEnabled();
  });
});
