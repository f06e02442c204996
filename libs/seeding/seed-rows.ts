import { stableId } from '../common/stable-id.js';
import type { BudgetLineSeed, IndicatorSeed, NoteSeed, OrganisationSeed, PrintedTotalSeed, ProgrammeSeed, SeedFiles } from './seed-files.js';

/** A row as column → value, ready for SQL. */
export type Row = Record<string, unknown>;

/** Rows per table, in the order they must be written (parents before children). */
export interface SeedRows {
  organisation: Row[];
  organisation_name: Row[];
  programme: Row[];
  axis: Row[];
  axis_category: Row[];
  focus_area: Row[];
  focus_area_organisation: Row[];
  sub_project: Row[];
  sub_project_co_organiser: Row[];
  sub_project_axis: Row[];
  sub_project_category_mark: Row[];
  milestone: Row[];
  indicator: Row[];
  indicator_organisation: Row[];
  indicator_target: Row[];
  budget_line: Row[];
  budget_printed_total: Row[];
  source_discrepancy: Row[];
  meeting: Row[];
  resolution: Row[];
  resolution_assignment: Row[];
  resolution_follow_up: Row[];
  reported_progress: Row[];
  gate_template: Row[];
  gate_criterion: Row[];
}

export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(`The seed files have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SeedError';
  }
}

const KEY = /^[a-z0-9][a-z0-9-]*$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MARKS: Record<string, string> = { '√': 'main', '△': 'involved' };
const ORGANISATION_KINDS = ['ministry', 'agency', 'unit', 'office', 'body'];
const SUB_PROJECT_KINDS = ['detailed', 'division', 'roadmap', 'measure'];
const CONTINUITY = ['existing', 'continuing', 'new'];
const COMPARATORS = ['eq', 'approx', 'gt', 'gte', 'lt', 'lte'];
const MEETING_KINDS = ['meeting', 'pre_meeting', 'advisory', 'working'];
const GATE_REQUIREMENTS = ['must_meet', 'should_meet'];

/** Builds the rows of every seeded table from the files, or throws SeedError listing every problem. */
export function buildSeedRows(files: SeedFiles): SeedRows {
  const rows: SeedRows = {
    organisation: [], organisation_name: [], programme: [], axis: [], axis_category: [], focus_area: [],
    focus_area_organisation: [], sub_project: [], sub_project_co_organiser: [], sub_project_axis: [],
    sub_project_category_mark: [], milestone: [], indicator: [], indicator_organisation: [], indicator_target: [],
    budget_line: [], budget_printed_total: [], source_discrepancy: [], meeting: [], resolution: [],
    resolution_assignment: [], resolution_follow_up: [], reported_progress: [], gate_template: [], gate_criterion: [],
  };
  const problems: string[] = [];
  const seen = new Map<string, Set<string>>();

  /** Registers a key of a kind; returns its fixed id. */
  const define = (kind: string, key: string, where: string): string => {
    if (typeof key !== 'string' || !KEY.test(key)) problems.push(`${where}: key "${key}" must match ${KEY}`);
    const keys = seen.get(kind) ?? new Set<string>();
    if (keys.has(key)) problems.push(`${where}: duplicate ${kind} key "${key}"`);
    keys.add(key);
    seen.set(kind, keys);
    return stableId(kind, key);
  };
  const refs: { kind: string; key: string; where: string }[] = [];
  /** A reference to a key defined anywhere in the files; checked once all files are read. */
  const ref = (kind: string, key: string, where: string): string => {
    refs.push({ kind, key, where });
    return stableId(kind, key);
  };
  const refOrNull = (kind: string, key: string | null | undefined, where: string): string | null =>
    key === null || key === undefined ? null : ref(kind, key, where);
  const check = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };
  const year = (value: number | null | undefined, where: string): number | null => {
    if (value === null || value === undefined) return null;
    check(Number.isInteger(value) && value >= 1900 && value <= 2200, `${where}: year ${value} must be an AD year`);
    return value;
  };
  const amount = (value: string | null | undefined, where: string): string | null => {
    if (value === null || value === undefined) return null;
    check(typeof value === 'string' && DECIMAL.test(value), `${where}: amount ${JSON.stringify(value)} must be a decimal string`);
    return value;
  };
  const date = (value: string | null | undefined, where: string): string | null => {
    if (value === null || value === undefined) return null;
    check(ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)), `${where}: date "${value}" must be YYYY-MM-DD`);
    return value;
  };
  const noteText = (n: NoteSeed): string => (typeof n === 'string' ? n : n.source ? `${n.text} (${n.source})` : n.text);

  // Organisations: the shared file plus those a programme or meeting file adds.
  const allOrganisations: { org: OrganisationSeed; where: string }[] = [
    ...files.organisations.map((org) => ({ org, where: 'organisations.json' })),
    ...files.programmeFiles.flatMap((f) => (f.organisations ?? []).map((org) => ({ org, where: f.file }))),
    ...files.meetingFiles.flatMap((f) => (f.organisations ?? []).map((org) => ({ org, where: f.file }))),
  ];
  for (const { org, where } of allOrganisations) {
    const w = `${where} organisation ${org.key}`;
    const id = define('organisation', org.key, w);
    check(ORGANISATION_KINDS.includes(org.kind), `${w}: kind "${org.kind}" must be one of ${ORGANISATION_KINDS.join(', ')}`);
    rows.organisation.push({
      id, code: org.key, kind: org.kind, name: org.name, full_name: org.full_name ?? null, name_en: org.name_en ?? null,
      parent_id: refOrNull('organisation', org.parent, w),
    });
    const names = new Set<string>();
    for (const n of org.names ?? [{ name: org.name }]) {
      if (names.has(n.name)) continue; // the same name cited twice by two sources is one name
      names.add(n.name);
      rows.organisation_name.push({
        id: stableId('organisation_name', `${org.key}:${n.name}`), organisation_id: id, name: n.name,
        valid_from: date(n.valid_from, w), valid_to: date(n.valid_to, w), source: n.source ?? null, note: n.note ?? null,
      });
    }
  }
  rows.organisation = parentsFirst(rows.organisation);

  const programmeRow = (p: ProgrammeSeed, notes: string[], where: string): Row => ({
    id: define('programme', p.key, where), code: p.key, name: p.name, name_en: p.name_en ?? null,
    parent_id: refOrNull('programme', p.parent, where), overseer_id: refOrNull('organisation', p.overseer, where),
    start_year: year(p.start_year, where), end_year: year(p.end_year, where), period_text: p.period_text ?? null,
    approved_text: p.approved_text ?? null, source_document: p.source_document ?? null, summary: p.summary ?? null,
    oversight_text: p.oversight_text ?? null, notes,
  });

  const indicatorRows = (ind: IndicatorSeed, seq: number, owner: { programmeId: string; axisId?: string; subProjectId?: string }, where: string): void => {
    const w = `${where} indicator ${ind.key}`;
    const id = define('indicator', ind.key, w);
    rows.indicator.push({
      id, code: ind.key, programme_id: owner.programmeId, axis_id: owner.axisId ?? null, sub_project_id: owner.subProjectId ?? null,
      seq: ind.seq ?? seq, text: ind.text, unit: ind.unit ?? null,
    });
    for (const org of new Set(ind.responsible ?? [])) {
      rows.indicator_organisation.push({ indicator_id: id, organisation_id: ref('organisation', org, w) });
    }
    for (const t of ind.targets ?? []) {
      const comparator = t.comparator ?? 'eq';
      check(COMPARATORS.includes(comparator), `${w}: comparator "${comparator}" must be one of ${COMPARATORS.join(', ')}`);
      rows.indicator_target.push({
        id: stableId('indicator_target', `${ind.key}:${t.year}`), indicator_id: id, year: year(t.year, w),
        value: amount(t.value, w), comparator, note: t.note ?? null,
      });
    }
  };

  const budgetRow = (programmeKey: string, b: BudgetLineSeed, owner: { axis?: string | null; subProject?: string }, where: string): Row => {
    check(b.kind === 'existing' || b.kind === 'new', `${where}: budget kind "${b.kind}" must be existing or new`);
    const ownerKey = owner.subProject ?? owner.axis ?? 'programme';
    return {
      id: stableId('budget_line', `${programmeKey}:${ownerKey}:${b.year}:${b.kind}`),
      code: `${programmeKey}:${ownerKey}:${b.year}:${b.kind}`,
      programme_id: stableId('programme', programmeKey),
      axis_id: refOrNull('axis', owner.axis, where),
      sub_project_id: owner.subProject ? stableId('sub_project', owner.subProject) : null,
      fiscal_year: year(b.year, where), kind: b.kind, allocated: amount(b.allocated, where), executed: amount(b.executed, where),
      source: b.source ?? null,
    };
  };

  /** A printed total's axis: named by key, or by a row label that is the axis's name (表8 rows). */
  const printedTotalRow = (programmeKey: string, t: PrintedTotalSeed, fallbackRow: string, axisKeyByName: Map<string, string>, where: string): Row => {
    const rowLabel = t.row ?? fallbackRow;
    const axisKey = t.axis ?? axisKeyByName.get(rowLabel) ?? null;
    const column = t.column ?? '預算總額';
    const kind = t.kind ?? 'all';
    const code = `${programmeKey}:${rowLabel}:${column}:${t.year ?? 'all'}:${kind}`;
    return {
      id: stableId('budget_printed_total', code), code, programme_id: stableId('programme', programmeKey),
      row_label: rowLabel, axis_id: refOrNull('axis', axisKey, where), column, fiscal_year: year(t.year, where), kind,
      amount: amount(t.amount, where), unit: t.unit ?? '億元', text: t.text ?? null, source: t.source ?? null,
    };
  };

  const discrepancyRows = (list: { key: string; subject: string; text: string; sources?: string[] }[] | undefined, programmeId: string | null, where: string): void => {
    for (const d of list ?? []) {
      rows.source_discrepancy.push({
        id: define('source_discrepancy', d.key, `${where} discrepancy`), code: d.key, programme_id: programmeId,
        subject: d.subject, text: d.text, sources: d.sources ?? [],
      });
    }
  };

  const mainFiles = files.programmeFiles.filter((f) => f.programme);
  const extensionFiles = files.programmeFiles.filter((f) => !f.programme);
  for (const f of extensionFiles) {
    check(Boolean(f.extends) && mainFiles.some((m) => m.programme!.key === f.extends), `${f.file}: "extends" must name a programme defined in another file`);
  }

  // Parent programmes first, so a child's parent_id exists when it is written.
  for (const f of mainFiles) {
    for (const parent of f.parents ?? []) rows.programme.push(programmeRow(parent, [], `${f.file} parent ${parent.key}`));
  }
  for (const f of mainFiles) {
    const p = f.programme!;
    const extensions = extensionFiles.filter((e) => e.extends === p.key);
    const notes = [f, ...extensions].flatMap((x) => (x.notes ?? []).map(noteText));
    rows.programme.push(programmeRow(p, notes, `${f.file} programme`));
  }
  rows.programme = parentsFirst(rows.programme);

  for (const f of [...mainFiles, ...extensionFiles]) {
    const programmeKey = f.programme?.key ?? f.extends!;
    const programmeId = stableId('programme', programmeKey);

    (f.programme_key_results ?? []).forEach((kr, i) => indicatorRows(kr, i + 1, { programmeId }, f.file));

    for (const axis of f.axes ?? []) {
      const w = `${f.file} axis ${axis.key}`;
      const axisId = define('axis', axis.key, w);
      rows.axis.push({ id: axisId, code: axis.key, programme_id: programmeId, seq: axis.seq, name: axis.name, goal: axis.goal ?? null, description: axis.description ?? null });
      for (const c of axis.categories ?? []) {
        rows.axis_category.push({ id: define('axis_category', c.key, w), code: c.key, axis_id: axisId, seq: c.seq, name: c.name });
      }
      for (const fa of axis.focus_areas ?? []) {
        const faId = define('focus_area', fa.key, w);
        rows.focus_area.push({ id: faId, code: fa.key, axis_id: axisId, seq: fa.seq, name: fa.name, responsible_text: fa.responsible_text ?? null, source: fa.source ?? null });
        const orgs = new Set<string>();
        (fa.organisations ?? []).forEach((o, i) => {
          if (orgs.has(o.org)) return;
          orgs.add(o.org);
          rows.focus_area_organisation.push({ focus_area_id: faId, organisation_id: ref('organisation', o.org, `${w} ${fa.key}`), seq: i + 1, note: o.note ?? null });
        });
      }
      (axis.key_results ?? []).forEach((kr, i) => indicatorRows(kr, i + 1, { programmeId, axisId }, w));
    }

    for (const sp of f.sub_projects ?? []) {
      const w = `${f.file} sub-project ${sp.key}`;
      const id = define('sub_project', sp.key, w);
      check(SUB_PROJECT_KINDS.includes(sp.kind), `${w}: kind "${sp.kind}" must be one of ${SUB_PROJECT_KINDS.join(', ')}`);
      check(sp.continuity == null || CONTINUITY.includes(sp.continuity), `${w}: continuity "${sp.continuity}" must be one of ${CONTINUITY.join(', ')}`);
      check(typeof sp.name === 'string' && sp.name.trim() !== '', `${w}: name is required`);
      const lead = refOrNull('organisation', sp.lead, w);
      rows.sub_project.push({
        id, code: sp.key, programme_id: programmeId, kind: sp.kind, name: sp.name,
        name_as_printed: sp.name_as_printed && sp.name_as_printed !== sp.name ? sp.name_as_printed : null,
        focus: sp.focus ?? null, lead_organisation_id: lead, lead_text: sp.lead_text ?? null,
        co_organisers_text: sp.co_organisers_text ?? null, period_text: sp.period_text ?? null,
        start_year: year(sp.start_year, w), end_year: year(sp.end_year, w), continuity: sp.continuity ?? null,
        is_flagship: sp.flagship === true,
        // A sub-project whose lead the document names starts as assigned to it; the lead acknowledges in the app.
        status: lead ? 'assigned' : 'draft',
        measures: sp.measures ?? null, full_term_target: sp.full_term_target ?? null, remarks: sp.remarks ?? null, note: sp.note ?? null,
      });
      [...new Set(sp.co_organisers ?? [])].forEach((org, i) => {
        rows.sub_project_co_organiser.push({ sub_project_id: id, organisation_id: ref('organisation', org, w), seq: i + 1 });
      });
      for (const link of sp.axes ?? []) {
        rows.sub_project_axis.push({ sub_project_id: id, axis_id: ref('axis', link.axis, w), source: link.source ?? null });
        for (const m of link.marks ?? []) {
          check(m.mark in MARKS, `${w}: mark "${m.mark}" must be √ or △`);
          rows.sub_project_category_mark.push({ sub_project_id: id, category_id: ref('axis_category', m.category, w), mark: MARKS[m.mark] });
        }
      }
      (sp.milestones ?? []).forEach((m, i) => {
        rows.milestone.push({
          id: define('milestone', m.key, w), code: m.key, sub_project_id: id, seq: m.seq ?? i + 1,
          fiscal_year: year(m.year, w), due_date: date(m.due_date, w), deliverable: m.deliverable, source: m.source ?? null,
        });
      });
      (sp.indicators ?? []).forEach((ind, i) => indicatorRows(ind, i + 1, { programmeId, subProjectId: id }, w));
      for (const b of sp.budget_lines ?? []) rows.budget_line.push(budgetRow(programmeKey, b, { subProject: sp.key }, w));
    }

    for (const b of f.budget_lines ?? []) rows.budget_line.push(budgetRow(programmeKey, b, { axis: b.axis }, `${f.file} budget`));
    const axisKeyByName = new Map((f.axes ?? []).map((a) => [a.name, a.key]));
    for (const t of f.budget_printed_totals ?? []) {
      rows.budget_printed_total.push(printedTotalRow(programmeKey, t, '合計', axisKeyByName, `${f.file} printed total`));
    }
    for (const t of f.budget_totals ?? []) {
      const axisName = f.axes?.find((a) => a.key === t.axis)?.name;
      rows.budget_printed_total.push(printedTotalRow(programmeKey, t, axisName ?? f.programme?.name ?? programmeKey, axisKeyByName, `${f.file} budget total`));
    }
    discrepancyRows(f.discrepancies, programmeId, f.file);
  }

  for (const f of files.meetingFiles) {
    for (const m of f.meetings) {
      const w = `${f.file} meeting ${m.key}`;
      check(MEETING_KINDS.includes(m.kind), `${w}: kind "${m.kind}" must be one of ${MEETING_KINDS.join(', ')}`);
      const { key, body, name, held_on, held_until, kind, description, note, source, ...details } = m;
      rows.meeting.push({
        id: define('meeting', key, w), code: key, body_id: ref('organisation', body, w), name, kind,
        held_on: date(held_on, w), held_until: date(held_until, w), description: description ?? null, note: note ?? null,
        details, source: source ?? null,
      });
    }
    for (const r of f.resolutions) {
      const w = `${f.file} resolution ${r.key}`;
      const id = define('resolution', r.key, w);
      rows.resolution.push({ id, code: r.key, meeting_id: ref('meeting', r.meeting, w), seq: r.seq, text: r.text, due_date: date(r.due_date, w), source: r.source ?? null });
      check(r.organisations.length > 0, `${w}: a resolution needs at least one organisation`);
      for (const o of r.organisations) {
        rows.resolution_assignment.push({ resolution_id: id, organisation_id: ref('organisation', o.org, w), status: 'tracking', note: o.note ?? null });
      }
      (r.follow_ups ?? []).forEach((fu, i) => {
        const code = `${r.key}-fu-${i + 1}`;
        const reporters = fu.org_text ? `報告機關：${fu.org_text}` : null;
        rows.resolution_follow_up.push({
          id: define('resolution_follow_up', code, w), code, resolution_id: id,
          organisation_id: refOrNull('organisation', fu.org, w), reported_on: date(fu.reported_on, w), text: fu.text,
          note: [reporters, fu.note].filter(Boolean).join('\n') || null, source: fu.source ?? null,
        });
        for (const org of fu.orgs ?? []) ref('organisation', org, w);
      });
    }
    for (const pr of f.progress_reports ?? []) {
      const w = `${f.file} progress report ${pr.key}`;
      rows.reported_progress.push({
        id: define('reported_progress', pr.key, w), code: pr.key, organisation_id: refOrNull('organisation', pr.org, w),
        meeting_id: refOrNull('meeting', pr.meeting, w), text: pr.text,
        figures: (pr.figures ?? []).map((fig) => ({ label: fig.label, value: fig.value, unit: fig.unit ?? null })), source: pr.source ?? null,
      });
    }
    discrepancyRows(f.discrepancies, null, f.file);
  }

  for (const f of files.gateFiles ?? []) {
    const programmeId = ref('programme', f.programme, `${f.file} programme`);
    const seqs = new Set<number>();
    for (const t of f.templates ?? []) {
      const w = `${f.file} gate ${t.key}`;
      const templateId = define('gate_template', t.key, w);
      check(Number.isInteger(t.seq) && t.seq > 0 && !seqs.has(t.seq), `${w}: seq ${t.seq} must be a positive whole number, once per programme`);
      seqs.add(t.seq);
      rows.gate_template.push({
        id: templateId, code: t.key, programme_id: programmeId, seq: t.seq, name: t.name, name_en: t.name_en ?? null, purpose: t.purpose,
        source: t.source ?? null, source_text: t.source_text ?? null, note: t.note ?? null, criteria_revision: 1,
      });
      const codes = new Set<string>();
      check((t.criteria ?? []).length > 0, `${w}: a gate needs at least one criterion`);
      (t.criteria ?? []).forEach((c, i) => {
        check(!codes.has(c.code), `${w}: criterion code "${c.code}" is used twice`);
        codes.add(c.code);
        check(GATE_REQUIREMENTS.includes(c.requirement), `${w} ${c.code}: requirement "${c.requirement}" must be one of ${GATE_REQUIREMENTS.join(', ')}`);
        amount(c.weight, `${w} ${c.code} weight`);
        check(c.requirement === 'must_meet' || Number(c.weight) > 0, `${w} ${c.code}: a should-meet criterion needs a weight above 0`);
        rows.gate_criterion.push({
          // Revision 1 is the seeded one; later revisions come from the API.
          id: stableId('gate_criterion', `${t.key}:1:${c.code}`), template_id: templateId, revision: 1, code: c.code, seq: i + 1,
          text: c.text, requirement: c.requirement, weight: c.weight, guidance: c.guidance ?? null, source: c.source ?? null, source_text: c.source_text ?? null,
        });
      });
    }
  }

  for (const r of refs) {
    if (!seen.get(r.kind)?.has(r.key)) problems.push(`${r.where}: unknown ${r.kind} "${r.key}"`);
  }
  if (problems.length > 0) throw new SeedError(problems);
  return rows;
}

/** Orders rows so that a row's parent (parent_id) comes before it. */
function parentsFirst(rows: Row[]): Row[] {
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const out: Row[] = [];
  const placed = new Set<string>();
  const place = (r: Row, depth = 0): void => {
    if (placed.has(r.id as string) || depth > rows.length) return;
    const parent = r.parent_id ? byId.get(r.parent_id as string) : undefined;
    if (parent) place(parent, depth + 1);
    placed.add(r.id as string);
    out.push(r);
  };
  rows.forEach((r) => place(r));
  return out;
}
