import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Me } from '@server/modules/auth/auth.schemas';
import { api, ApiError, setUnauthorizedHandler } from './api';

type SessionState = { status: 'loading' } | { status: 'anonymous'; expired?: boolean } | { status: 'authenticated'; me: Me };

interface SessionValue {
  state: SessionState;
  signedIn: (me: Me) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      setState({ status: 'authenticated', me: await api<Me>('/api/me') });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' });
      else throw error;
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'anonymous' }));
    setUnauthorizedHandler(() => setState({ status: 'anonymous', expired: true }));
    return () => setUnauthorizedHandler(undefined);
  }, [refresh]);

  const value: SessionValue = {
    state,
    signedIn: (me) => setState({ status: 'authenticated', me }),
    refresh,
    logout: async () => {
      try {
        await api('/api/auth/logout', { method: 'POST' });
      } finally {
        setState({ status: 'anonymous' });
      }
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for pages rendered behind the staff guard. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useMe without a session');
  return state.me;
}
