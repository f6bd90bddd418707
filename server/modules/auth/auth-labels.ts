import type { StaffRole } from '../../../db/schema/values';

// Zod-free on purpose: every staff page shows these, and must not download the validation library for them.

export const roleLabels: Record<StaffRole, string> = {
  admin: 'Администратор',
  regional_coordinator: 'Региональный координатор',
  municipal_coordinator: 'Муниципальный координатор',
  expert: 'Эксперт',
};
