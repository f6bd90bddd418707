import { z } from 'zod';
import { DASHBOARD_MAX_PAGE_SIZE, DASHBOARD_PAGE_SIZE } from './page-sizes';

export { DASHBOARD_MAX_PAGE_SIZE, DASHBOARD_PAGE_SIZE } from './page-sizes';

export const pageQueryShape = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

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
