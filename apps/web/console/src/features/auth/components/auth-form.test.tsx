import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';

import { setCsrfToken } from '../../../lib/api-client';
import { answerFetch, problem, renderWithApp } from '../../../test/render';
import { AuthForm } from './auth-form';

afterEach(() => vi.unstubAllGlobals());

async function submit(email: string, password: string, button: string) {
  await userEvent.type(screen.getByLabelText('Email'), email);
  await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: button }));
}

test('shows the problem about the email beside the email field', async () => {
  setCsrfToken('token');
  answerFetch(
    400,
    problem(400, 'VALIDATION_FAILED', 'body/email must match format "email"', [
      { field: 'body/email', message: 'must match format "email"' },
    ]),
  );
  renderWithApp(<AuthForm mode="sign-up" />);

  await submit('not-an-email', 'correct horse battery', 'Create an account');

  const email = screen.getByLabelText('Email');
  expect(await screen.findByText('must match format "email"')).toBeInTheDocument();
  expect(email).toHaveAttribute('aria-invalid', 'true');
  expect(email).toHaveAccessibleDescription('must match format "email"');
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('shows a wrong password as a message of the form and sends the trimmed, lower-cased email with the CSRF token', async () => {
  setCsrfToken('the-csrf-token');
  const fetch = answerFetch(401, problem(401, 'INVALID_CREDENTIALS', 'The email or password is wrong'));
  renderWithApp(<AuthForm mode="sign-in" />);

  await submit('  Ann@Example.COM ', 'wrong', 'Sign in');

  expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is wrong');
  const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
  expect(url).toBe('/api/session/sign-in');
  expect(JSON.parse(init.body as string)).toEqual({ email: 'ann@example.com', password: 'wrong' });
  expect((init.headers as Record<string, string>)['x-csrf-token']).toBe('the-csrf-token');
});
