import { Checkbox, Select, Stack } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { type ManagementScope, organisationChoices } from './users.queries';
import './users.texts';

export interface AccountFields {
  displayName: string;
  organisation: string | null;
  roles: string[];
  locale: 'zh-TW' | 'en';
}

const NONE = '__none__';

/** Organisation, roles and language: the choices the caller's management scope allows. */
export function AccountChoiceFields<T extends AccountFields>({ form, scope }: { form: UseFormReturnType<T>; scope: ManagementScope | undefined }) {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const organisations = organisationChoices(scope);
  const data = scope?.mayLeaveOrganisationEmpty ? [{ value: NONE, label: t('form.noOrganisation') }, ...organisations] : organisations;
  const values = form.getValues();
  return (
    <Stack gap="md">
      <Select
        label={t('form.organisation')} description={t('form.organisationHint')} searchable data={data} required={!scope?.mayLeaveOrganisationEmpty}
        value={values.organisation ?? (scope?.mayLeaveOrganisationEmpty ? NONE : null)}
        onChange={(v) => form.setFieldValue('organisation' as never, (v === NONE ? null : v) as never)}
        error={form.errors.organisation}
      />
      <Checkbox.Group
        label={t('form.roles')} description={t('form.rolesHint')} required value={values.roles}
        onChange={(v) => form.setFieldValue('roles' as never, v as never)} error={form.errors.roles}
      >
        <Stack gap={6} mt={6}>
          {(scope?.grantableRoles ?? []).map((r) => <Checkbox key={r} value={r} label={tc(`roles.${r}`)} />)}
        </Stack>
      </Checkbox.Group>
      <Select
        label={t('form.locale')} data={[{ value: 'zh-TW', label: '中文（臺灣）' }, { value: 'en', label: 'English' }]} allowDeselect={false}
        value={values.locale} onChange={(v) => form.setFieldValue('locale' as never, (v ?? 'zh-TW') as never)}
      />
    </Stack>
  );
}

/** Field problems the API sent (VALIDATION_FAILED, or a code such as CONFLICT on email), for form.setErrors. */
export function apiFieldErrors(error: unknown): Record<string, string> {
  const e = error as { fieldProblems?: () => Record<string, string> } | null;
  return e?.fieldProblems ? e.fieldProblems() : {};
}
