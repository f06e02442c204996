import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../api/client';
import { currentLanguage, setLanguage } from '../i18n/i18n';

export interface Me {
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
  locale: string;
  organisationId: string | null;
}

export type Role = 'coordinator' | 'ministry_officer' | 'ministry_supervisor' | 'reviewer' | 'viewer' | 'admin';

/** The signed-in user, or null when nobody is (a 401 is an answer here, not an error). */
export const meQuery = queryOptions({
  queryKey: ['auth', 'me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      return (await unwrap(api.GET('/api/auth/me'))) as Me;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
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
  const me = (await unwrap(api.POST('/api/auth/session' as never, { body: { email, password } } as never))) as Me;
  if (!localStorage.getItem('guankao.language') && (me.locale === 'en' || me.locale === 'zh-TW') && me.locale !== currentLanguage()) {
    await setLanguage(me.locale);
  }
  return me;
}

export function useSignOut(): (everywhere?: boolean) => Promise<void> {
  const queryClient = useQueryClient();
  return async (everywhere = false) => {
    if (everywhere) await api.POST('/api/auth/logout-all' as never, {} as never);
    await api.DELETE('/api/auth/session' as never, {} as never);
    queryClient.clear();
    window.location.assign('/sign-in');
  };
}
