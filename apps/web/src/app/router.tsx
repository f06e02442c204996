import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { meQuery } from '../auth/session';
import { myWorkQuery } from '../my-work/my-work.queries';
import { Layout } from './layout';
import { NotFound } from './not-found';
import { RouteError } from './route-error';
import { myWorkRoutes } from '../my-work/routes';
import { subProjectRoutes } from '../sub-projects/routes';
import { submissionRoutes } from '../submissions/routes';
import { milestoneRoutes } from '../milestones/routes';
import { dueDateChangeRoutes } from '../due-date-changes/routes';
import { userRoutes } from '../users/routes';
import { accountRoutes } from '../account/routes';
import { organisationRoutes } from '../organisations/routes';
import { programmeSetupRoutes } from '../programme-setup/routes';
import { importRoutes } from '../imports/routes';
import { dashboardRoutes } from '../dashboard/routes';
import { programmeRoutes } from '../programmes/routes';
import { roadmapRoutes } from '../roadmap/routes';
import { gateRoutes } from '../gates/routes';
import { meetingRoutes } from '../meetings/routes';
import { reportRoutes } from '../reports/routes';
import { inboxRoutes } from '../inbox/routes';
import { accountLinkRoutes } from '../auth/routes';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { next?: string } => (typeof search.next === 'string' && search.next.startsWith('/') && !search.next.startsWith('//') ? { next: search.next } : {}),
}).lazy(() => import('../auth/sign-in.page').then((m) => m.Route));

/** Every screen but sign-in: needs a session, and a missing one sends the user to sign in and back. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: Layout,
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/sign-in', search: { next: location.href } });
    // The navigation's count (and 我的待辦) needs it on every screen: ask now, while the page's chunk loads.
    void context.queryClient.prefetchQuery(myWorkQuery);
    return { me };
  },
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  ...accountLinkRoutes(rootRoute),
  appRoute.addChildren([
    ...myWorkRoutes(appRoute), ...subProjectRoutes(appRoute), ...submissionRoutes(appRoute), ...milestoneRoutes(appRoute), ...dueDateChangeRoutes(appRoute),
    ...dashboardRoutes(appRoute), ...programmeRoutes(appRoute), ...roadmapRoutes(appRoute), ...gateRoutes(appRoute), ...meetingRoutes(appRoute), ...reportRoutes(appRoute), ...inboxRoutes(appRoute),
    ...accountRoutes(appRoute), ...userRoutes(appRoute), ...organisationRoutes(appRoute), ...programmeSetupRoutes(appRoute), ...importRoutes(appRoute),
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultErrorComponent: RouteError, defaultPreload: 'intent', defaultPreloadStaleTime: 0, scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}

export type AppRoute = typeof appRoute;
