import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { useMe } from '../auth/session';

/** Why autosave stopped: each needs the user (or a sign-in) before saving again. */
export type SaveBlock = 'conflict' | 'notDraft' | 'auth' | 'forbidden' | null;

/** The errors that must stop autosaving until the user (or a sign-in) resolves them. */
function blockOf(error: unknown): SaveBlock {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'STALE_VERSION') return 'conflict';
  if (error.code === 'INVALID_TRANSITION') return 'notDraft';
  if (error.status === 401) return 'auth';
  if (error.code === 'FORBIDDEN') return 'forbidden';
  return null;
}

export interface AutosaveState {
  saving: boolean;
  savedAt: Date | null;
  savedBy: 'auto' | 'manual' | null;
  error: unknown;
  block: SaveBlock;
}

/**
 * Debounced saving of a draft with optimistic versions. `signature` is the body that would be sent,
 * as text: nothing is sent while it equals what was last saved (or last refused as invalid), and a
 * stale version, a changed state or an ended session stop autosaving instead of retrying blindly.
 * The caller's form state is never touched here, so nothing typed is lost whatever the answer.
 */
export function useAutosave({ signature, canSave, delayMs = 1500, send }: {
  signature: string;
  /** false while the form has errors the browser can see itself */
  canSave: boolean;
  delayMs?: number;
  /** sends the body; resolves once saved */
  send: (kind: 'auto' | 'manual') => Promise<void>;
}) {
  const [savedSignature, setSavedSignature] = useState(signature);
  const [refusedSignature, setRefusedSignature] = useState<string | null>(null);
  const [state, setState] = useState<AutosaveState>({ saving: false, savedAt: null, savedBy: null, error: null, block: null });
  const inFlight = useRef<Promise<boolean> | null>(null);
  const latest = useRef({ signature, send });
  latest.current = { signature, send };

  const save = useCallback(async (kind: 'auto' | 'manual'): Promise<boolean> => {
    while (inFlight.current) await inFlight.current;
    const sent = latest.current.signature;
    const run = (async () => {
      setState((s) => ({ ...s, saving: true }));
      try {
        await latest.current.send(kind);
        setSavedSignature(sent);
        setRefusedSignature(null);
        setState({ saving: false, savedAt: new Date(), savedBy: kind, error: null, block: null });
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') setRefusedSignature(sent);
        setState((s) => ({ ...s, saving: false, error, block: blockOf(error) }));
        return false;
      }
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }, []);

  const dirty = signature !== savedSignature;
  useEffect(() => {
    if (!dirty || !canSave || state.block || signature === refusedSignature) return;
    const timer = setTimeout(() => void save('auto'), delayMs);
    return () => clearTimeout(timer);
  }, [signature, dirty, canSave, state.block, refusedSignature, delayMs, save]);

  // After signing in again (the dialog over the page), save what waited.
  const me = useMe();
  const meSeen = useRef(me);
  useEffect(() => {
    if (me === meSeen.current) return;
    meSeen.current = me;
    if (me && state.block === 'auth') setState((s) => ({ ...s, block: null, error: null }));
  }, [me, state.block]);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  return {
    ...state,
    dirty,
    save,
    /** Another write of the form (submit, remove a file) failed: a blocking error stops autosave too; true when it did. */
    fail(error: unknown): boolean {
      const block = blockOf(error);
      if (block && block !== 'auth') setState((s) => ({ ...s, error, block }));
      return !!block && block !== 'auth';
    },
    /** The version problem is resolved (latest loaded): `base` is what the server now holds. */
    resume(base: string) {
      setSavedSignature(base);
      setRefusedSignature(null);
      setState((s) => ({ ...s, error: null, block: null }));
    },
  };
}
