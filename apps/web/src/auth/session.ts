import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';
import { currentLanguage, setLanguage } from '../i18n/i18n';

/** The signed-in user as the API describes it. */
export type Me = Schemas['MeDto'];

export type Role = 'coordinator' | 'ministry_officer' | 'ministry_supervisor' | 'reviewer' | 'viewer' | 'admin' | 'ministry_admin';

/** The signed-in user, or null when nobody is (asked without a 401, so nothing is logged before sign-in). */
export const meQuery = queryOptions({
  queryKey: ['auth', 'me'],
  queryFn: async (): Promise<Me | null> => {
    const state = await unwrap(api.GET('/api/auth/session'));
    return state.signedIn && state.me ? (state.me as Me) : null;
  },
  staleTime: 5 * 60_000,
});

export function useMe(): Me | null {
  return useQuery(meQuery).data ?? null;
}

export function hasRole(me: Me | null, ...roles: Role[]): boolean {
  return !!me && me.roles.some((r) => roles.includes(r as Role));
}

export const isSecretariat = (me: Me | null) => hasRole(me, 'coordinator', 'admin');

export async function signIn(email: string, password: string): Promise<Me> {
  const me: Me = await unwrap(api.POST('/api/auth/session', { body: { email, password } }));
  if (!localStorage.getItem('guankao.language') && (me.locale === 'en' || me.locale === 'zh-TW') && me.locale !== currentLanguage()) {
    await setLanguage(me.locale);
  }
  return me;
}

export function useSignOut(): (everywhere?: boolean) => Promise<void> {
  const queryClient = useQueryClient();
  return async (everywhere = false) => {
    if (everywhere) await api.POST('/api/auth/logout-all');
    else await api.DELETE('/api/auth/session');
    queryClient.clear();
    window.location.assign('/sign-in');
  };
}
