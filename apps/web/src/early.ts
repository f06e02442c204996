// The document's first script, before the app's entry (index.html): see api/early-requests.ts. It imports only
// what reads a URL, so that it runs at once.
import { requestEarly } from './api/early-requests';
import { dashboardEarlyRequests } from './dashboard/early-requests';

for (const request of dashboardEarlyRequests(window.location)) requestEarly(request);
