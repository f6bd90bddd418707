import { z } from 'zod';

export const pageQueryShape = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

/** Municipality dashboards (matrix, completion): a page a screen holds. */
export const DASHBOARD_PAGE_SIZE = 100;
/** Their largest page: a printed report or the publish dialog takes every municipality of a campaign at once. */
export const DASHBOARD_MAX_PAGE_SIZE = 5000;

export const dashboardPageQueryShape = {
  page: pageQueryShape.page,
  pageSize: z.coerce.number().int().min(1).max(DASHBOARD_MAX_PAGE_SIZE).default(DASHBOARD_PAGE_SIZE),
};

/** Where a page stands in its list: the rows matching the query, and which of their pages this is. */
export const pagePositionShape = { total: z.number().int(), page: z.number().int(), pageSize: z.number().int() };

export const searchQueryShape = {
  search: z.string().trim().max(200).optional(),
};

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), ...pagePositionShape });

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const offsetOf = (page: number, pageSize: number) => (page - 1) * pageSize;
