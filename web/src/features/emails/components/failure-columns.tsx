import { createColumnHelper } from '@tanstack/react-table';
import { DateTime } from '@/components/ui/date-time';
import { ListLink } from '@/components/ui/list-link';
import { formatInt } from '@/lib/format';
import type { IngestFailure } from '@/features/emails/api/types';
import { failingField } from '@/features/emails/components/failure-format';

const col = createColumnHelper<IngestFailure>();

export const failureHref = (f: { id: number }) => `/emails/${f.id}`;

export const failureColumns = [
  col.accessor('receivedAt', {
    header: 'Received',
    cell: (c) => (
      <ListLink to={failureHref(c.row.original)}>
        <DateTime value={c.getValue()} />
      </ListLink>
    ),
  }),
  col.accessor('from', { header: 'From' }),
  col.accessor('subject', { header: 'Subject', cell: (c) => c.getValue() || '(no subject)' }),
  col.accessor('reason', { header: 'Reason' }),
  col.accessor((f) => failingField(f), { id: 'field', header: 'Failing field' }),
  col.accessor('attempts', { header: 'Attempts', meta: { align: 'right' }, cell: (c) => formatInt(c.getValue()) }),
];
