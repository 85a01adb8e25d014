// One failed order e-mail: why it failed, the raw message, and (admin keys) Replay and
// Dismiss, each confirmed first, with the outcome shown.
import { useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { Button } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { ErrorState, Loading } from '@/components/ui/status';
import { describeError } from '@/lib/api-client';
import { formatInt } from '@/lib/format';
import { useIsAdmin } from '@/lib/shop';
import { useDismissFailure } from '@/features/emails/api/dismiss-failure';
import { useFailure } from '@/features/emails/api/get-failure';
import { useReplayFailure } from '@/features/emails/api/replay-failure';
import { type Outcome, failingField, replayOutcome } from '@/features/emails/components/failure-format';

type Action = 'replay' | 'dismiss';

const CONFIRM: Record<Action, { question: string; yes: string }> = {
  replay: { question: 'Read this e-mail again with the current rules and import its order?', yes: 'Yes, replay' },
  dismiss: { question: 'Remove this e-mail from the queue? Its order will not be imported.', yes: 'Yes, dismiss' },
};

export function FailureActions({ id, onDone }: { id: number; onDone: (action: Action, o: Outcome) => void }) {
  const [asking, setAsking] = useState<Action | null>(null);
  const replay = useReplayFailure();
  const dismiss = useDismissFailure();
  const busy = replay.isPending || dismiss.isPending;
  const run = (action: Action) => {
    setAsking(null);
    const fail = (e: unknown) => onDone(action, { tone: 'error', text: describeError(e) });
    if (action === 'replay') {
      replay.mutate(id, { onSuccess: (r) => onDone(action, replayOutcome(r)), onError: fail });
    } else {
      dismiss.mutate(id, {
        onSuccess: () => onDone(action, { tone: 'ok', text: 'Dismissed: the e-mail left the queue.' }),
        onError: fail,
      });
    }
  };
  if (asking) {
    return (
      <div className="confirm" role="alertdialog" aria-label="Confirm">
        <span>{CONFIRM[asking].question}</span>
        <Button variant="primary" onClick={() => run(asking)}>
          {CONFIRM[asking].yes}
        </Button>
        <Button variant="ghost" onClick={() => setAsking(null)}>
          Cancel
        </Button>
      </div>
    );
  }
  return (
    <div className="page-actions">
      <Button variant="primary" disabled={busy} onClick={() => setAsking('replay')}>
        {replay.isPending ? 'Replaying…' : 'Replay'}
      </Button>
      <Button disabled={busy} onClick={() => setAsking('dismiss')}>
        {dismiss.isPending ? 'Dismissing…' : 'Dismiss'}
      </Button>
    </div>
  );
}

export function FailureDetail({ id }: { id: number }) {
  const q = useFailure(id);
  const admin = useIsAdmin();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [gone, setGone] = useState(false);
  if (q.isPending) return <Loading />;
  if (q.isError && !gone) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const f = q.data;
  const onDone = (action: Action, o: Outcome) => {
    setOutcome(o);
    if (o.tone === 'error' && action === 'replay') void q.refetch();  // attempts, reason
    else if (o.tone !== 'error') setGone(true);
  };
  return (
    <>
      <PageHeader
        title={f?.subject || '(no subject)'}
        docTitle="E-mail"
        subtitle={f ? `From ${f.from || 'unknown sender'}` : undefined}
        back={{ to: '/emails', label: 'E-mails' }}
        actions={admin && f && !gone ? <FailureActions id={id} onDone={onDone} /> : undefined}
      />
      {outcome && (
        <p className={`outcome outcome-${outcome.tone}`} role="status" data-testid="failure-outcome">
          {outcome.text}
        </p>
      )}
      {f && (
        <>
          <section className="card">
            <dl className="kv kv-left">
              <dt>Received</dt>
              <dd>
                <DateTime value={f.receivedAt} />
              </dd>
              <dt>Last tried</dt>
              <dd>
                <DateTime value={f.updatedAt} />
              </dd>
              <dt>Reason</dt>
              <dd>{f.reason}</dd>
              <dt>Failing field</dt>
              <dd>{failingField(f)}</dd>
              <dt>Attempts</dt>
              <dd>{formatInt(f.attempts)}</dd>
              <dt>Source</dt>
              <dd>{f.source}</dd>
              <dt>Message-ID</dt>
              <dd>{f.messageID}</dd>
            </dl>
          </section>
          <section className="card">
            <h2>Raw message</h2>
            <pre className="raw-message" data-testid="raw-message">
              {f.raw}
            </pre>
          </section>
        </>
      )}
    </>
  );
}
