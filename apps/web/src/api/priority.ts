/**
 * The page's own figures before the navigation's counts. The server and the browser share few cores: when a
 * page opens, the badge counts (我的待辦, unread notifications, delegations) used to run beside the figures the
 * page opens with and slowed them (on 100,000 sub-projects the dashboard's counts, 0.2 s alone, took 0.9 s beside
 * them in the browser and 0.7 s after them).
 * A request marked as the page's (`pageData`) makes the `navigationData` requests asked meanwhile wait until no
 * page request is in flight, or at most MAX_WAIT_MS.
 */
const MAX_WAIT_MS = 3000;

let inFlight = 0;
let waiting: (() => void)[] = [];

function settled(): void {
  if (inFlight > 0) return;
  const release = waiting;
  waiting = [];
  for (const go of release) go();
}

/** Runs a request the page opens with. */
export async function pageData<T>(request: () => Promise<T>): Promise<T> {
  inFlight += 1;
  try {
    return await request();
  } finally {
    inFlight -= 1;
    settled();
  }
}

/**
 * Runs a request for the navigation once the page's requests are answered. It looks after a macrotask: a
 * route's loader starts the page's requests just after the layout asked for its counts.
 */
export async function navigationData<T>(request: () => Promise<T>): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (inFlight > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, MAX_WAIT_MS);
      waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return request();
}
