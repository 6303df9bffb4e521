// The signed-in user's personas, newest first, a page at a time, filtered by the API (status, gender,
// age group, country).
import type { PersonaListQuery, PersonaPage as PersonaPageSchema } from '@persona-lab/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';

import { api, searchOf } from '../../../lib/api-client';

type PersonaPage = Static<typeof PersonaPageSchema>;
export type PersonaQuery = Partial<PersonaListQuery>;

export const getPersonas = (query: PersonaQuery) => api<PersonaPage>(`/api/personas?${searchOf(query)}`);

export const personasQueryOptions = (query: PersonaQuery) =>
  queryOptions({ queryKey: ['personas', searchOf(query)], queryFn: () => getPersonas(query) });

/** While the next page or filter loads, the previous page stays on screen. */
export const usePersonas = (query: PersonaQuery) => useQuery({ ...personasQueryOptions(query), placeholderData: keepPreviousData });
