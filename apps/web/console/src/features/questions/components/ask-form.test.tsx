import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';

import { ids, study } from '../../../test/fixtures';
import { answerFetch, problem, renderWithApp } from '../../../test/render';
import { AskForm } from './ask-form';

afterEach(() => vi.unstubAllGlobals());

const asked = { questionId: '00000000-0000-4000-8000-0000000000c1', sessionId: ids.study, status: 'IN_PROGRESS' };
// Two personas, each answering both products.
const panel = study(null, 4);

function renderForm() {
  const onAsked = vi.fn();
  renderWithApp(<AskForm study={panel} onAsked={onAsked} />);
  return onAsked;
}

const sentBody = (fetch: ReturnType<typeof answerFetch>) => {
  const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
  return { url, method: init.method, body: JSON.parse(init.body as string) };
};

async function typeQuestion(text: string) {
  await userEvent.click(screen.getByLabelText('Question'));
  await userEvent.paste(text);
}

test('counts the question’s characters and refuses an empty one or one over 1,000, sending nothing', async () => {
  const fetch = answerFetch(202, asked);
  renderForm();

  await userEvent.click(screen.getByRole('button', { name: 'Ask the panel' }));
  expect(screen.getByLabelText('Question')).toHaveAccessibleDescription(/0 \/ 1,000 characters Ask a question of at most 1,000 characters/);

  await typeQuestion('x'.repeat(1_001));
  expect(screen.getByText('1,001 / 1,000 characters')).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Ask the panel' }));
  expect(screen.getByLabelText('Question')).toHaveAttribute('aria-invalid', 'true');
  expect(fetch).not.toHaveBeenCalled();
});

test('asks an open question about every product by default', async () => {
  const fetch = answerFetch(202, asked);
  const onAsked = renderForm();
  expect(screen.getByText('2 personas answer, each in character.')).toBeInTheDocument();

  await typeQuestion('  Why would you not buy it?  ');
  await userEvent.click(screen.getByRole('button', { name: 'Ask the panel' }));

  expect(sentBody(fetch)).toEqual({
    url: `/api/feedback-sessions/${ids.study}/questions`,
    method: 'POST',
    body: { text: 'Why would you not buy it?', form: { kind: 'open' } },
  });
  await vi.waitFor(() => expect(onAsked).toHaveBeenCalledWith(asked));
  expect(screen.getByLabelText('Question')).toHaveValue('');
});

test('a scale needs both labelled ends and at least two points', async () => {
  const fetch = answerFetch(202, asked);
  renderForm();
  await typeQuestion('How fair is the price?');
  await userEvent.click(screen.getByRole('radio', { name: 'Scale' }));
  await userEvent.clear(screen.getByLabelText('Highest point'));
  await userEvent.type(screen.getByLabelText('Highest point'), '1');
  await userEvent.click(screen.getByRole('button', { name: 'Ask the panel' }));

  expect(screen.getByLabelText('Highest point')).toHaveAccessibleDescription(/greater than the lowest/);
  expect(screen.getByLabelText('Label of the lowest point')).toHaveAccessibleDescription(/Say what the lowest point means/);
  expect(screen.getByLabelText('Label of the highest point')).toHaveAttribute('aria-invalid', 'true');
  expect(screen.getByLabelText('Lowest point')).not.toHaveAttribute('aria-invalid');
  expect(fetch).not.toHaveBeenCalled();

  await userEvent.clear(screen.getByLabelText('Highest point'));
  await userEvent.type(screen.getByLabelText('Highest point'), '7');
  await userEvent.type(screen.getByLabelText('Label of the lowest point'), 'far too dear');
  await userEvent.type(screen.getByLabelText('Label of the highest point'), 'a bargain');
  await userEvent.click(screen.getByRole('button', { name: 'Ask the panel' }));

  expect(sentBody(fetch).body).toEqual({
    text: 'How fair is the price?',
    form: { kind: 'scale', min: 1, max: 7, minLabel: 'far too dear', maxLabel: 'a bargain' },
  });
});

test('a single choice needs two different options, one per line, and may be about one product', async () => {
  const fetch = answerFetch(202, asked);
  renderForm();
  await typeQuestion('Where would you buy it?');
  await userEvent.click(screen.getByRole('radio', { name: 'Single choice' }));
  await userEvent.type(screen.getByLabelText('Options'), 'Online{enter} online ');
  await userEvent.click(screen.getByRole('button', { name: 'Ask the panel' }));
  expect(screen.getByLabelText('Options')).toHaveAccessibleDescription(/Give 2 to 10 different options/);
  expect(fetch).not.toHaveBeenCalled();

  await userEvent.clear(screen.getByLabelText('Options'));
  await userEvent.type(screen.getByLabelText('Options'), 'Online{enter}{enter} In a shop {enter}Not at all');
  await userEvent.selectOptions(screen.getByLabelText('About'), 'City sneaker');
  await userEvent.click(screen.getByRole('button', { name: 'Ask the panel' }));

  expect(sentBody(fetch).body).toEqual({
    text: 'Where would you buy it?',
    productId: ids.sneaker,
    form: { kind: 'choice', options: ['Online', 'In a shop', 'Not at all'] },
  });
});

test('shows the API’s refusal beside the field it names, and any other refusal above the form', async () => {
  answerFetch(
    400,
    problem(400, 'VALIDATION_FAILED', 'body/form/options must be distinct', [
      { field: 'body/form/options', message: 'must be distinct (ignoring case and spacing)' },
    ]),
  );
  renderForm();
  await typeQuestion('Where would you buy it?');
  await userEvent.click(screen.getByRole('radio', { name: 'Single choice' }));
  await userEvent.type(screen.getByLabelText('Options'), 'Online{enter}Shop');
  await userEvent.click(screen.getByRole('button', { name: 'Ask the panel' }));
  expect(await screen.findByText('must be distinct (ignoring case and spacing)')).toBeInTheDocument();
  expect(screen.getByLabelText('Options')).toHaveAttribute('aria-invalid', 'true');

  answerFetch(409, problem(409, 'CONFLICT', 'The session is in progress; ask its panel once it has completed'));
  await userEvent.click(screen.getByRole('button', { name: 'Ask the panel' }));
  expect(await screen.findByRole('alert')).toHaveTextContent('ask its panel once it has completed');
});
