// Zod-free on purpose: the dashboards ask for these page sizes without downloading the validation library.

/** Municipality dashboards (matrix, completion): a page a screen holds. */
export const DASHBOARD_PAGE_SIZE = 100;
/** Their largest page: a printed report or the publish dialog takes every municipality of a campaign at once. */
export const DASHBOARD_MAX_PAGE_SIZE = 5000;
