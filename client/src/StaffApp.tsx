import { Suspense } from 'react';
import { Layout } from './components/Layout';
import { matchPath, navigate, useLocation } from './lib/router';
import { SessionProvider, useSession } from './lib/session';
import LoginPage from './pages/auth/LoginPage';
import ChangePasswordPage from './pages/auth/ChangePasswordPage';
import { staffRoutes } from './routes';

function StaffRoutes() {
  const { state } = useSession();
  const { pathname } = useLocation();

  if (state.status === 'loading') return <div className="page-loading" role="status">Загрузка…</div>;
  if (state.status === 'anonymous') {
    if (pathname !== '/login') {
      const back = encodeURIComponent(location.pathname + location.search);
      queueMicrotask(() => navigate(`/login${pathname === '/' ? '' : `?next=${back}`}`, { replace: true }));
    }
    return <LoginPage expired={state.expired} />;
  }
  if (state.me.passwordChangeRequired) return <ChangePasswordPage />;
  if (pathname === '/login') {
    queueMicrotask(() => navigate(new URLSearchParams(location.search).get('next') ?? '/', { replace: true }));
    return null;
  }

  const route = staffRoutes.find((r) => matchPath(r.path, pathname));
  const Page = route && route.roles.includes(state.me.role) ? route.page : null;
  return (
    <Layout>
      <Suspense fallback={<div className="page-loading" role="status">Загрузка…</div>}>
        {Page ? <Page /> : <NotFound />}
      </Suspense>
    </Layout>
  );
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
