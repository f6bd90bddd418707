import type { Region } from '@server/modules/regions/regions.schemas';
import { useMe } from '../lib/session';
import { useApi } from '../lib/use-api';
import { SelectField } from './ui';

/** Administrators work across regions and pick one; everyone else is bound to their own and sees nothing here. */
export function RegionFilter({ value, onChange }: { value: string; onChange: (regionId: string) => void }) {
  const me = useMe();
  const regions = useApi<Region[]>(me.role === 'admin' ? '/api/regions' : null);
  if (me.role !== 'admin') return null;
  return (
    <SelectField
      label="Регион"
      value={value}
      placeholder="Все регионы"
      options={(regions.data ?? []).map((region) => ({ value: region.id, label: region.name }))}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
