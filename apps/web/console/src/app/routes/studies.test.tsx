import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { expect, test } from 'vitest';

import { studyQueryOptions } from '../../features/studies/api/studies';
import { ids, study } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { StudyRoute } from './studies';

const original = '00000000-0000-4000-8000-000000000007';

test("a replay's page shows its seed, links the study it replays, and offers to replay it again", () => {
  const replay = { ...study(null, 1), seed: 42, replayOf: original };
  renderWithApp(
    <Routes>
      <Route path="/studies/:id" element={<StudyRoute />} />
    </Routes>,
    { data: [[studyQueryOptions(ids.study).queryKey, replay]], at: `/studies/${ids.study}` },
  );
  expect(screen.getByText(/seed 42/)).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'a replay of an earlier study' })).toHaveAttribute('href', `/studies/${original}`);
  expect(screen.getByRole('button', { name: 'Replay this study' })).toBeEnabled();
});

test('a study started before seeds shows neither seed nor replay link', () => {
  renderWithApp(
    <Routes>
      <Route path="/studies/:id" element={<StudyRoute />} />
    </Routes>,
    { data: [[studyQueryOptions(ids.study).queryKey, study(null)]], at: `/studies/${ids.study}` },
  );
  expect(screen.queryByText(/seed/)).not.toBeInTheDocument();
  expect(screen.queryByRole('link', { name: /replay of/ })).not.toBeInTheDocument();
});
