import { useState, type ReactNode } from 'react';
import { roleLabels } from '@server/modules/auth/auth-labels';
import { Link, matchPath, useLocation } from '../lib/router';
import { useMe, useSession } from '../lib/session';
import { staffRoutes } from '../routes';

export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logout } = useSession();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const items = staffRoutes.filter((route) => route.nav && route.roles.includes(me.role));
  const scope = me.municipality?.name ?? me.region?.name;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Перейти к содержанию
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="МУКО — на главную">
          <span className="brand-mark" aria-hidden="true">
            М
          </span>
          <span className="brand-text">МУКО</span>
        </Link>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Меню
        </button>
        <nav id="main-nav" className={menuOpen ? 'nav open' : 'nav'} aria-label="Основные разделы">
          <ul>
            {items.map((item) => (
              <li key={item.path}>
                <Link
                  to={item.path}
                  aria-current={
                    [item.path, ...(item.navGroup ?? [])].some((path) => matchPath(path, pathname)) ||
                    (item.path !== '/' && pathname.startsWith(`${item.path}/`))
                      ? 'page'
                      : undefined
                  }
                  onClick={() => setMenuOpen(false)}
                >
                  {item.nav}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user-box">
          <Link to="/account" className="user-name" title={`${roleLabels[me.role]}${scope ? ` · ${scope}` : ''}. Учётная запись`}>
            <span>{me.fullName}</span>
            <small>{roleLabels[me.role]}</small>
          </Link>
          <button type="button" className="button ghost small" onClick={() => void logout()}>
            Выйти
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
