import { queryOptions } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../api/client';

export const SETUP_KEY = ['programme-setup'] as const;

export const setupListQuery = queryOptions({ queryKey: [...SETUP_KEY, 'list'], queryFn: () => unwrap(api.GET('/api/programme-setup/programmes')) });

export function setupDetailQuery(code: string) {
  return queryOptions({
    queryKey: [...SETUP_KEY, 'detail', code],
    queryFn: () => unwrap(api.GET('/api/programme-setup/programmes/{code}', { params: { path: { code } } })),
  });
}

export const organisationsQuery = queryOptions({ queryKey: ['organisations'], queryFn: () => unwrap(api.GET('/api/organisations')), staleTime: 60_000 });

export const fieldErrors = (error: unknown) => (error instanceof ApiError ? error.fieldProblems() : {});

export const YEAR = /^\d{4}$/;
export const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** The API's exact-decimal rule (numeric(20,4)); values stay strings from input to database. */
export const EXACT = /^-?\d{1,16}(\.\d{1,4})?$/;
