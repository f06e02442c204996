// The page's early script: an entry of its own, added to the built page as an async script (vite.config.ts,
// earlyRequestsScript); see api/early-requests.ts. It imports only what reads a URL, so that it is small and runs at once.
import { requestEarly } from './api/early-requests';
import { dashboardEarlyRequests } from './dashboard/early-requests';

for (const request of dashboardEarlyRequests(window.location)) requestEarly(request);
