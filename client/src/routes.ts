import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { StaffRole } from '@db/schema/values';

export interface StaffRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  roles: readonly StaffRole[];
  /** Shown in the main navigation when set. */
  nav?: string;
  /** Other paths that belong to the same navigation item. */
  navGroup?: string[];
}

const everyone = ['admin', 'regional_coordinator', 'municipal_coordinator', 'expert'] as const;
const managers = ['admin', 'regional_coordinator'] as const;
/** Authors edit versions; experts read them. */
const methodologyReaders = ['admin', 'regional_coordinator', 'expert'] as const;

/** Every staff page, each its own chunk. Navigation and access checks both read this table. */
export const staffRoutes: StaffRoute[] = [
  { path: '/', page: lazy(() => import('./pages/home/HomePage')), roles: everyone, nav: 'Главная' },
  { path: '/campaigns', page: lazy(() => import('./pages/campaigns/CampaignsPage')), roles: everyone, nav: 'Кампании' },
  { path: '/campaigns/:id', page: lazy(() => import('./pages/campaigns/CampaignPage')), roles: everyone },
  { path: '/campaigns/:id/results', page: lazy(() => import('./pages/results/ResultsPage')), roles: everyone },
  // Before «:municipalityId», which would match «report» too.
  {
    path: '/campaigns/:id/results/report',
    page: lazy(() => import('./pages/results/RegionReportPage')),
    roles: ['admin', 'regional_coordinator', 'expert'],
  },
  {
    path: '/campaigns/:id/results/:municipalityId/report',
    page: lazy(() => import('./pages/results/MunicipalityReportPage')),
    roles: everyone,
  },
  { path: '/campaigns/:id/results/:municipalityId', page: lazy(() => import('./pages/results/MunicipalityResultPage')), roles: everyone },
  {
    path: '/campaigns/:id/municipalities/:municipalityId',
    page: lazy(() => import('./pages/campaigns/MunicipalityProgressPage')),
    roles: everyone,
  },
  {
    path: '/campaigns/:id/codes',
    page: lazy(() => import('./pages/campaigns/AccessCodesPage')),
    roles: ['admin', 'regional_coordinator', 'municipal_coordinator'],
  },
  {
    path: '/campaigns/:id/municipal-form/:municipalityId',
    page: lazy(() => import('./pages/campaigns/MunicipalFormPage')),
    roles: everyone,
  },
  {
    path: '/municipalities',
    page: lazy(() => import('./pages/directory/MunicipalitiesPage')),
    roles: everyone,
    nav: 'Справочник',
    navGroup: ['/schools', '/import'],
  },
  { path: '/schools', page: lazy(() => import('./pages/directory/SchoolsPage')), roles: everyone },
  { path: '/import', page: lazy(() => import('./pages/directory/ImportPage')), roles: managers },
  { path: '/regions', page: lazy(() => import('./pages/admin/RegionsPage')), roles: ['admin'], nav: 'Регионы' },
  { path: '/users', page: lazy(() => import('./pages/admin/UsersPage')), roles: managers, nav: 'Пользователи' },
  {
    path: '/audit',
    page: lazy(() => import('./pages/audit/AuditPage')),
    roles: ['admin', 'regional_coordinator', 'municipal_coordinator'],
    nav: 'Журнал',
  },
  {
    path: '/methodology',
    page: lazy(() => import('./pages/methodology/MethodologyPage')),
    roles: everyone,
    nav: 'Методика',
    navGroup: [
      '/methodology/versions',
      '/methodology/versions/:id',
      '/methodology/versions/:id/diff',
      '/methodology/versions/:id/preview',
      '/methodology/versions/:id/what-if',
    ],
  },
  // Before any «/methodology/versions/:id…» page that would match «diff» too.
  { path: '/methodology/versions/:id/diff', page: lazy(() => import('./pages/methodology/VersionDiffPage')), roles: everyone },
  {
    path: '/methodology/versions/:id/preview',
    page: lazy(() => import('./pages/methodology/VersionPreviewPage')),
    roles: everyone,
  },
  {
    path: '/methodology/versions/:id/what-if',
    page: lazy(() => import('./pages/methodology/WhatIfPage')),
    roles: ['admin', 'regional_coordinator', 'expert'],
  },
  { path: '/methodology/versions', page: lazy(() => import('./pages/methodology/VersionsPage')), roles: methodologyReaders },
  { path: '/methodology/versions/:id', page: lazy(() => import('./pages/methodology/VersionPage')), roles: methodologyReaders },
  { path: '/help', page: lazy(() => import('./pages/help/HelpPage')), roles: everyone, nav: 'Справка' },
  { path: '/account', page: lazy(() => import('./pages/auth/AccountPage')), roles: everyone },
];
