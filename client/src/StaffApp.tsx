import { Suspense, useEffect } from 'react';
import { Layout } from './components/Layout';
import { matchPath, navigate, useLocation } from './lib/router';
import { SessionProvider, useSession } from './lib/session';
import LoginPage from './pages/auth/LoginPage';
import ChangePasswordPage from './pages/auth/ChangePasswordPage';
import { staffRoutes } from './routes';

function StaffRoutes() {
  const { state } = useSession();
  const { pathname, search } = useLocation();

  if (state.status === 'loading')
    return (
      <div className="page-loading" role="status">
        Загрузка…
      </div>
    );
  if (state.status === 'anonymous') {
    if (pathname === '/login') return <LoginPage expired={state.expired} />;
    return <Redirect to={pathname === '/' ? '/login' : `/login?next=${encodeURIComponent(pathname + search)}`} />;
  }
  if (state.me.passwordChangeRequired) return <ChangePasswordPage />;
  if (pathname === '/login') return <Redirect to={safeNext(search)} />;

  const route = staffRoutes.find((r) => matchPath(r.path, pathname));
  const Page = route && route.roles.includes(state.me.role) ? route.page : null;
  return (
    <Layout>
      <Suspense
        fallback={
          <div className="page-loading" role="status">
            Загрузка…
          </div>
        }
      >
        {Page ? <Page /> : <NotFound />}
      </Suspense>
    </Layout>
  );
}

/** Where to go after signing in: only a path of this site, never another origin. */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function NotFound() {
  return (
    <section className="page">
      <h1>Страница не найдена</h1>
      <p>Такой страницы нет или у вас нет к ней доступа.</p>
    </section>
  );
}

export default function StaffApp() {
  return (
    <SessionProvider>
      <StaffRoutes />
    </SessionProvider>
  );
}
