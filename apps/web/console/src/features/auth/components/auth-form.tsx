// Sign-in and sign-up: email and password, with the API's problem shown beside the field it names.
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { Field } from '../../../components/ui/field';
import { ApiError } from '../../../lib/api-client';
import { useSignIn, useSignUp } from '../api/session';

export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const signIn = useSignIn();
  const signUp = useSignUp();
  const mutation = mode === 'sign-in' ? signIn : signUp;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const error = mutation.error instanceof ApiError ? mutation.error : undefined;
  const emailError = error?.fieldMessage('body/email');
  const passwordError = error?.fieldMessage('body/password');
  const formError = mutation.error && !emailError && !passwordError ? (error?.message ?? 'The server could not be reached') : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(
      { email, password },
      {
        onSuccess: () => {
          const next = params.get('next');
          void navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/studies', { replace: true });
        },
      },
    );
  };

  const title = mode === 'sign-in' ? 'Sign in' : 'Create an account';
  return (
    <form className="card auth-form" onSubmit={submit} noValidate aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <Field label="Email" error={emailError}>
        <input type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label="Password" error={passwordError} hint={mode === 'sign-up' ? 'At least 8 characters' : undefined}>
        <input
          type="password"
          autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <button type="submit" className="button button-primary" disabled={mutation.isPending}>
        {mutation.isPending ? 'Please wait…' : title}
      </button>
      <p className="auth-switch">
        {mode === 'sign-in' ? (
          <>
            New here? <Link to="/sign-up">Create an account</Link>
          </>
        ) : (
          <>
            Have an account? <Link to="/sign-in">Sign in</Link>
          </>
        )}
      </p>
    </form>
  );
}
