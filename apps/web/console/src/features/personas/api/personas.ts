// The signed-in user's personas, newest first; the status filter is the API's, the others the gallery's.
import type { PersonaPage as PersonaPageSchema, PersonaStatus } from '@persona-lab/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';

import { api } from '../../../lib/api-client';

type PersonaPage = Static<typeof PersonaPageSchema>;

export const getPersonas = (status?: PersonaStatus) => api<PersonaPage>(`/api/personas?pageSize=100${status ? `&status=${status}` : ''}`);

export const personasQueryOptions = (status?: PersonaStatus) =>
  queryOptions({ queryKey: ['personas', status ?? 'all'], queryFn: () => getPersonas(status) });

export const usePersonas = (status?: PersonaStatus) => useQuery(personasQueryOptions(status));
