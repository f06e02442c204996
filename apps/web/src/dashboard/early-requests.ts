import { parseDashboardSearch, shownView } from './search';

/**
 * What 燈號總覽 opens with (the portfolio counts, as prefetchPortfolio asks), when its programme is in the URL:
 * the default programme needs the programme list first.
 */
export function dashboardEarlyRequests(location: Location): string[] {
  if (location.pathname !== '/dashboard') return [];
  const { programme, period } = shownView(parseDashboardSearch(Object.fromEntries(new URLSearchParams(location.search))), []);
  return programme ? [`/api/dashboards/portfolio?${new URLSearchParams({ programme, period })}`] : [];
}
