import { Link, useLocation } from '../lib/router';
import { useMe } from '../lib/session';

/** The directory's three pages share one navigation item; these tabs move between them. */
export function DirectoryTabs() {
  const me = useMe();
  const { pathname } = useLocation();
  const tabs = [
    { path: '/municipalities', label: 'Муниципалитеты' },
    { path: '/schools', label: 'Организации' },
    ...(me.role === 'admin' || me.role === 'regional_coordinator' ? [{ path: '/import', label: 'Импорт из файла' }] : []),
  ];
  return (
    <nav className="tabs" aria-label="Разделы справочника">
      {tabs.map((tab) => (
        <Link key={tab.path} to={tab.path} aria-current={pathname === tab.path ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
