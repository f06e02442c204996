import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';
import { parseSubProjectFilters, type SubProjectFilters } from '../sub-projects/routes';

/** The sub-project list's filters (parsed by the list's own code), and the timeline's scale. */
export interface RoadmapSearch extends SubProjectFilters {
  scale?: 'year' | 'quarter';
}

function parseRoadmapSearch(search: Record<string, unknown>): RoadmapSearch {
  return { ...parseSubProjectFilters(search), scale: search.scale === 'quarter' ? 'quarter' : undefined };
}

export const roadmapRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/roadmap', validateSearch: parseRoadmapSearch }).lazy(() => import('./roadmap.page').then((m) => m.Route)),
];
