import { Loader, MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { directoryQuery, type DirectoryUser, userLabel } from './users.queries';
import './users.texts';

export interface UserPickerProps {
  label: ReactNode;
  /** Selected user ids (one at most when not `multiple`). */
  value: string[];
  onChange: (ids: string[]) => void;
  /** Only users with this role (or any of these, comma-separated: `ministry_officer,ministry_supervisor`). */
  role?: string;
  /** Only users of this organisation (code or id) and its units. */
  organisation?: string;
  /** Several users (MultiSelect) or one (Select). Default: several. */
  multiple?: boolean;
  error?: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  /** Also offer deactivated accounts (default: active ones only). */
  includeInactive?: boolean;
}

/**
 * Pick users from the directory (GET /api/users), searching on the server by name or email as
 * the user types. Shows 「name（organisation）」; the API narrows the list to whom the caller may see.
 * Keyboard: type to search, arrows to move, Enter to pick, Backspace removes the last pick.
 */
export function UserPicker({
  label, value, onChange, role, organisation, multiple = true, error, description, placeholder, required, disabled, includeInactive,
}: UserPickerProps) {
  const { t } = useTranslation('users');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const active = includeInactive ? undefined : true;
  const found = useQuery(directoryQuery({ q: debounced || undefined, role, organisation, active, limit: 20 }));
  // Names of the ids the picker holds but has not seen in a search (a form opened with saved values).
  const known = useRef(new Map<string, DirectoryUser>());
  for (const u of found.data?.items ?? []) known.current.set(u.id, u);
  const missing = value.filter((id) => !known.current.has(id));
  const held = useQuery({ ...directoryQuery({ id: missing.join(','), limit: 200 }), enabled: missing.length > 0 });
  for (const u of held.data?.items ?? []) known.current.set(u.id, u);

  const options = new Map<string, { value: string; label: string }>();
  for (const id of value) {
    const u = known.current.get(id);
    options.set(id, { value: id, label: u ? userLabel(u) : held.isPending ? t('picker.searching') : t('picker.unknownUser') });
  }
  for (const u of found.data?.items ?? []) options.set(u.id, { value: u.id, label: userLabel(u) });
  const data = [...options.values()];

  const common = {
    label, error, description, required, disabled, data,
    placeholder: placeholder ?? t('picker.placeholder'),
    searchable: true,
    searchValue: search,
    onSearchChange: setSearch,
    // The server searched already (name or email): show what it found.
    filter: ({ options }: { options: unknown[] }) => options as never,
    nothingFoundMessage: found.isFetching ? t('picker.searching') : t('picker.nothingFound'),
    rightSection: found.isFetching ? <Loader size="xs" aria-label={t('picker.searching')} /> : undefined,
    comboboxProps: { withinPortal: true },
    maxDropdownHeight: 280,
  };
  if (multiple) {
    return <MultiSelect {...common} value={value} onChange={onChange} clearable hidePickedOptions={false} />;
  }
  return <Select {...common} value={value[0] ?? null} onChange={(id) => onChange(id ? [id] : [])} clearable allowDeselect />;
}
