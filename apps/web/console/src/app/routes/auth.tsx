import { useEffect } from 'react';
import { Navigate } from 'react-router';

import { useSession } from '../../features/auth/api/session';
import { AuthForm } from '../../features/auth/components/auth-form';

/** Sign-in or sign-up; someone already signed in goes on to the studies. */
function AuthPage({ mode, title }: { mode: 'sign-in' | 'sign-up'; title: string }) {
  const session = useSession(); // also brings the CSRF token the form's request needs
  useEffect(() => {
    document.title = `${title} · Persona Lab`;
  }, [title]);
  if (session.data?.user) return <Navigate to="/studies" replace />;
  return (
    <main id="main" className="auth-page">
      <p className="brand brand-large">Persona Lab</p>
      <AuthForm mode={mode} />
    </main>
  );
}

export const SignInRoute = () => <AuthPage mode="sign-in" title="Sign in" />;
export const SignUpRoute = () => <AuthPage mode="sign-up" title="Create an account" />;
