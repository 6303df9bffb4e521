import { useEffect } from 'react';

import { AuthForm } from '../../features/auth/components/auth-form';

export function SignInRoute() {
  useEffect(() => {
    document.title = 'Sign in · Persona Lab';
  }, []);
  return (
    <main id="main" className="auth-page">
      <p className="brand brand-large">Persona Lab</p>
      <AuthForm mode="sign-in" />
    </main>
  );
}

export function SignUpRoute() {
  useEffect(() => {
    document.title = 'Create an account · Persona Lab';
  }, []);
  return (
    <main id="main" className="auth-page">
      <p className="brand brand-large">Persona Lab</p>
      <AuthForm mode="sign-up" />
    </main>
  );
}
