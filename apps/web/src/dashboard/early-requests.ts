import { taipeiQuarter } from './quarters';
import { parseDashboardSearch } from './search';

/**
 * What 燈號總覽 opens with (the portfolio counts, as prefetchPortfolio asks), when its programme is in the URL:
 * the default programme needs the programme list first.
 */
export function dashboardEarlyRequests(location: Location): string[] {
  if (location.pathname !== '/dashboard') return [];
  const search = parseDashboardSearch(Object.fromEntries(new URLSearchParams(location.search)));
  if (!search.programme) return [];
  const query = new URLSearchParams({ programme: search.programme, period: search.period ?? taipeiQuarter() });
  return [`/api/dashboards/portfolio?${query}`];
}
