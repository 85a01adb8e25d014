import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { setApiKey, takeSignOutReason, useApiKey } from '@/lib/auth-store';
import { SignInForm } from '@/features/auth/components/sign-in-form';

/** Only same-app paths are followed after sign-in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInRoute() {
  const key = useApiKey();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = safeNext(params.get('next'));
  if (key) return <Navigate to={next} replace />;
  return (
    <main className="sign-in-page">
      <SignInForm
        notice={takeSignOutReason()}
        onSignedIn={(k) => {
          queryClient.clear();
          setApiKey(k);
          navigate(next, { replace: true });
        }}
      />
    </main>
  );
}
