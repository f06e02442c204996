import { Button, Group, Modal, MultiSelect, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18next } from '../i18n/i18n';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatDate } from '../ui/format';
import {
  organisationOptions, organisationsQuery, type SubProjectDetail, type Transition, useAcknowledge, useAddMilestone, useAssign, useClearOverride,
  useOverrideLight, useTransition,
} from './sub-project.queries';

/** A short confirmation in the corner; its close button has a name (axe: button-name). */
export function notifyDone(message: string): void {
  notifications.show({ color: 'green', message, closeButtonProps: { 'aria-label': i18next.t('common:actions.close') } });
}

/** Field problems of a failed mutation, by field name. */
const problems = (error: unknown): Record<string, string> => (error instanceof ApiError ? error.fieldProblems() : {});

/** A dialog that confirms one step; it stays open on failure, keeping what was typed, with the error next to it. */
function ActionDialog(props: {
  opened: boolean; onClose: () => void; title: string; children?: ReactNode; confirmLabel: string; onConfirm: () => void;
  pending: boolean; error: unknown; onReload: () => void; version?: number;
}) {
  const { t } = useTranslation('subProjects');
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} centered>
      <Stack gap="sm">
        {props.children}
        {props.version !== undefined && <Text size="xs" c="dimmed">{t('actions.versionNote', { version: props.version })}</Text>}
        <ErrorAlert error={props.error} onReload={props.onReload} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={props.onClose}>{t('common:actions.cancel')}</Button>
          <Button onClick={props.onConfirm} loading={props.pending}>{props.confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const TRANSITIONS: Record<Transition, { from: string[]; reason: boolean }> = {
  activate: { from: ['acknowledged'], reason: false },
  suspend: { from: ['active', 'acknowledged'], reason: true },
  resume: { from: ['suspended'], reason: false },
  close: { from: ['active', 'suspended'], reason: true },
};

/** Activate / suspend / resume / close: the steps the status allows, each behind a confirmation. */
export function TransitionButtons({ sp, onReload }: { sp: SubProjectDetail; onReload: () => void }) {
  const { t } = useTranslation('subProjects');
  const transition = useTransition(sp.code);
  const [open, setOpen] = useState<Transition | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const allowed = (Object.keys(TRANSITIONS) as Transition[]).filter((a) => TRANSITIONS[a].from.includes(sp.status));
  const close = () => { setOpen(null); transition.reset(); setReasonError(null); };

  const confirm = () => {
    if (!open) return;
    if (TRANSITIONS[open].reason && !reason.trim()) return setReasonError(t('actions.reasonRequired'));
    transition.mutate({ action: open, version: sp.version, reason }, {
      onSuccess: () => {
        notifyDone(t(`actions.done.${open}`));
        setReason('');
        close();
      },
    });
  };
  if (!allowed.length) return null;
  return (
    <>
      {allowed.map((a) => (
        <Button key={a} variant={a === 'close' || a === 'suspend' ? 'default' : 'filled'} onClick={() => setOpen(a)}>{t(`actions.${a}`)}</Button>
      ))}
      <ActionDialog
        opened={open !== null} onClose={close} title={open ? t(`actions.${open}`) : ''} confirmLabel={open ? t(`actions.${open}`) : ''}
        onConfirm={confirm} pending={transition.isPending} error={transition.error} onReload={onReload} version={sp.version}
      >
        {open && <Text>{t(`actions.${open}Confirm`)}</Text>}
        {open && TRANSITIONS[open].reason && (
          <Textarea
            label={t('actions.reasonLabel')} required autosize minRows={2} value={reason} data-autofocus
            onChange={(e) => { setReason(e.currentTarget.value); setReasonError(null); }}
            error={reasonError ?? problems(transition.error).reason}
          />
        )}
      </ActionDialog>
    </>
  );
}

/** The lead ministry accepts its assignment. */
export function AcknowledgeButton({ sp, onReload }: { sp: SubProjectDetail; onReload: () => void }) {
  const { t } = useTranslation('subProjects');
  const acknowledge = useAcknowledge(sp.code);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('actions.acknowledge')}</Button>
      <ActionDialog
        opened={open} onClose={() => { setOpen(false); acknowledge.reset(); }} title={t('actions.acknowledge')} confirmLabel={t('actions.acknowledge')}
        onConfirm={() => acknowledge.mutate(sp.version, { onSuccess: () => { setOpen(false); notifyDone(t('actions.acknowledged')); } })}
        pending={acknowledge.isPending} error={acknowledge.error} onReload={onReload} version={sp.version}
      >
        <Text>{t('actions.acknowledgeConfirm')}</Text>
      </ActionDialog>
    </>
  );
}

/** Assign a draft, or reassign with a reason; the lead and co-organisers start from the current ones. */
export function AssignButton({ sp, onReload }: { sp: SubProjectDetail; onReload: () => void }) {
  const { t } = useTranslation('subProjects');
  const assign = useAssign(sp.code);
  const organisations = useQuery(organisationsQuery);
  const reassigning = sp.status !== 'draft';
  const [open, setOpen] = useState(false);
  const [lead, setLead] = useState<string | null>(sp.lead?.code ?? null);
  const [co, setCo] = useState<string[]>(sp.coOrganisers.map((o) => o.code));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  if (sp.status === 'closed') return null;
  const options = organisationOptions(organisations.data);
  const fields = { ...problems(assign.error), ...local };

  const confirm = () => {
    const missing: Record<string, string> = {};
    if (!lead) missing.lead = t('actions.leadRequired');
    if (reassigning && !reason.trim()) missing.reason = t('actions.reasonRequired');
    setLocal(missing);
    if (Object.keys(missing).length) return;
    assign.mutate({ version: sp.version, lead: lead!, coOrganisers: co.filter((c) => c !== lead), reason: reason.trim() || undefined }, {
      onSuccess: (result) => {
        setOpen(false);
        setReason('');
        notifyDone(t('actions.assigned', { lead: result.lead?.name ?? lead }));
      },
    });
  };
  return (
    <>
      <Button variant={reassigning ? 'default' : 'filled'} onClick={() => setOpen(true)}>{t(reassigning ? 'actions.reassign' : 'actions.assign')}</Button>
      <ActionDialog
        opened={open} onClose={() => { setOpen(false); assign.reset(); setLocal({}); }} title={t(reassigning ? 'actions.reassignTitle' : 'actions.assignTitle')}
        confirmLabel={t(reassigning ? 'actions.reassign' : 'actions.assign')} onConfirm={confirm} pending={assign.isPending} error={assign.error}
        onReload={onReload} version={sp.version}
      >
        <Select label={t('actions.leadLabel')} required searchable data={options} value={lead} onChange={(v) => { setLead(v); setLocal({}); }} error={fields.lead} comboboxProps={{ withinPortal: true }} />
        <MultiSelect label={t('actions.coLabel')} searchable data={options.filter((o) => o.value !== lead)} value={co} onChange={setCo} error={fields.coOrganisers} />
        {reassigning && (
          <Textarea label={t('actions.reassignReason')} required autosize minRows={2} value={reason} onChange={(e) => { setReason(e.currentTarget.value); setLocal({}); }} error={fields.reason} />
        )}
      </ActionDialog>
    </>
  );
}

/** A coordinator adds a dated deliverable. */
export function AddMilestoneButton({ sp, onReload }: { sp: SubProjectDetail; onReload: () => void }) {
  const { t } = useTranslation('subProjects');
  const add = useAddMilestone(sp.code);
  const [open, setOpen] = useState(false);
  const [deliverable, setDeliverable] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [fiscalYear, setFiscalYear] = useState<number | string>('');
  const formatDate = useFormatDate();
  if (sp.status === 'closed') return null;
  const fields = problems(add.error);
  const confirm = () =>
    add.mutate({ deliverable, dueDate, fiscalYear: typeof fiscalYear === 'number' ? fiscalYear : undefined }, {
      onSuccess: () => {
        setOpen(false);
        setDeliverable(''); setDueDate(''); setFiscalYear('');
        notifyDone(t('actions.milestoneAdded'));
      },
    });
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>{t('actions.addMilestone')}</Button>
      <ActionDialog
        opened={open} onClose={() => { setOpen(false); add.reset(); }} title={t('actions.addMilestone')} confirmLabel={t('actions.addMilestone')}
        onConfirm={confirm} pending={add.isPending} error={add.error} onReload={onReload}
      >
        <Textarea label={t('actions.deliverable')} required autosize minRows={2} value={deliverable} onChange={(e) => setDeliverable(e.currentTarget.value)} error={fields.deliverable} />
        <TextInput
          label={t('actions.dueDate')} required type="date" value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} error={fields.dueDate}
          description={/^\d{4}-\d{2}-\d{2}$/.test(dueDate) ? formatDate(dueDate) : undefined}
        />
        <NumberInput label={t('actions.fiscalYear')} min={1900} max={2200} allowDecimal={false} value={fiscalYear} onChange={setFiscalYear} error={fields.fiscalYear} />
      </ActionDialog>
    </>
  );
}

const COLOURS = ['green', 'yellow', 'red', 'white'] as const;

/** Override the light of a period with a justification, or remove the override. */
export function OverrideLightButtons({ sp, period, overridden, onReload }: { sp: SubProjectDetail; period: string; overridden: boolean; onReload: () => void }) {
  const { t } = useTranslation('subProjects');
  const override = useOverrideLight(sp.code);
  const clear = useClearOverride(sp.code);
  const [open, setOpen] = useState<'override' | 'clear' | null>(null);
  const [colour, setColour] = useState<string | null>(null);
  const [justification, setJustification] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...problems(override.error), ...local };
  const confirm = () => {
    const missing: Record<string, string> = {};
    if (!colour) missing.colour = t('create.required');
    if (!justification.trim()) missing.justification = t('actions.justificationRequired');
    setLocal(missing);
    if (Object.keys(missing).length) return;
    override.mutate({ period, colour: colour as (typeof COLOURS)[number], justification }, {
      onSuccess: () => { setOpen(null); setJustification(''); notifyDone(t('actions.overridden')); },
    });
  };
  return (
    <>
      <Button variant="default" onClick={() => setOpen('override')}>{t('actions.overrideLight')}</Button>
      {overridden && <Button variant="subtle" onClick={() => setOpen('clear')}>{t('actions.clearOverride')}</Button>}
      <ActionDialog
        opened={open === 'override'} onClose={() => { setOpen(null); override.reset(); setLocal({}); }} title={t('actions.overrideTitle', { period })}
        confirmLabel={t('actions.overrideLight')} onConfirm={confirm} pending={override.isPending} error={override.error} onReload={onReload}
      >
        <Select
          label={t('actions.colour')} required data={COLOURS.map((c) => ({ value: c, label: t(`common:light.${c}`) }))} value={colour}
          onChange={(v) => { setColour(v); setLocal({}); }} error={fields.colour}
        />
        <Textarea label={t('actions.justification')} required autosize minRows={3} value={justification} onChange={(e) => { setJustification(e.currentTarget.value); setLocal({}); }} error={fields.justification} />
      </ActionDialog>
      <ActionDialog
        opened={open === 'clear'} onClose={() => { setOpen(null); clear.reset(); }} title={t('actions.clearOverride')} confirmLabel={t('actions.clearOverride')}
        onConfirm={() => clear.mutate(period, { onSuccess: () => { setOpen(null); notifyDone(t('actions.overrideCleared')); } })}
        pending={clear.isPending} error={clear.error} onReload={onReload}
      >
        <Text>{t('actions.clearConfirm')}</Text>
      </ActionDialog>
    </>
  );
}
