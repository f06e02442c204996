/** A tiny signal from the API client to the sign-in dialog: the session ended while a page was open. */
type Listener = () => void;
const listeners = new Set<Listener>();

export const sessionEvents = {
  expired(): void {
    for (const listener of listeners) listener();
  },
  onExpired(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
