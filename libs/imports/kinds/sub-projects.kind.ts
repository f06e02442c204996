import type { DbHandle } from '../../database/db-handle.js';
import { execute, rowsOf } from '../../database/sql-query.js';
import { parseMark } from '../fields.js';
import {
  DELETE_AXES, DELETE_CO_ORGANISERS, DELETE_MARKS, EXISTING_SUB_PROJECTS, type ExistingSubProjectRow, INSERT_AXES, INSERT_CO_ORGANISERS, INSERT_MARKS,
  UPSERT_SUB_PROJECTS,
} from '../imports.queries.js';
import { type ApplyCounts, type Change, type ColumnSpec, type FieldProblem, type ImportKind, ImportKindName, type PlannedRow } from './kind.js';
import { ReferenceData } from './reference-data.js';
import { organisationProblem } from './organisation-problem.js';

export interface SubProjectRecord {
  key: string;
  code: string;
  name: string;
  programme: string;
  lead: string;
  /** Undefined: the column is not in the file (left as it is); null or []: cleared. */
  coOrganisers?: string[];
  axes?: string[];
  marks?: string[];
  startYear?: number | null;
  endYear?: number | null;
  continuity?: 'existing' | 'continuing' | 'new' | null;
  flagship?: boolean | null;
  measures?: string | null;
  fullTermTarget?: string | null;
  remarks?: string | null;
}

interface SubProjectTarget {
  programmeId: string;
  name: string;
  leadId: string;
  coOrganiserIds: string[];
  axisIds: string[];
  /** `categoryId:mark`, sorted. */
  marks: string[];
  startYear: number | null;
  endYear: number | null;
  continuity: string | null;
  flagship: boolean;
  measures: string | null;
  fullTermTarget: string | null;
  remarks: string | null;
  setsChanged: { coOrganisers: boolean; axes: boolean; marks: boolean };
}

const COLUMNS: readonly ColumnSpec[] = [
  { key: 'code', header: '計畫代碼', headerEn: 'Code', aliases: ['代碼', '編號'], type: 'code', required: true, help: '細部計畫的唯一代碼（英數字與 - _ . : /，64 字以內）；再次匯入時以此比對', helpEn: 'Unique code of the sub-project (letters, digits, - _ . : /); the key a second import matches on', example: 'aap2-sp-90' },
  { key: 'name', header: '計畫名稱', headerEn: 'Name', aliases: ['細部計畫名稱', '名稱'], type: 'text', required: true, help: '細部計畫名稱', helpEn: 'Name of the sub-project', example: '回應重要挑戰之 AI 研究計畫' },
  { key: 'programme', header: '所屬方案', headerEn: 'Programme', aliases: ['方案', '方案代碼'], type: 'text', required: true, help: '方案代碼或名稱', helpEn: 'Programme code or name', example: 'aap2' },
  { key: 'lead', header: '主辦機關', headerEn: 'Lead', aliases: ['主辦', '主辦部會'], type: 'text', required: true, help: '主辦機關名稱（現名或舊名皆可，如 科技部 → 國科會）', helpEn: 'Lead organisation (current or former name)', example: '國科會' },
  { key: 'coOrganisers', header: '協辦機關', headerEn: 'Co-organisers', aliases: ['協辦', '協辦部會'], type: 'list', required: false, help: '以「、」或逗號分隔', helpEn: 'Separated by 、 or commas', example: '數位部、經濟部' },
  { key: 'axes', header: '主軸', headerEn: 'Axes', type: 'list', required: false, help: '主軸代碼或序號，以「、」分隔', helpEn: 'Axis codes or numbers, separated by 、', example: '1、3' },
  { key: 'marks', header: '範疇標記', headerEn: 'Category marks', aliases: ['標記'], type: 'list', required: false, help: '範疇代碼或名稱後接 √（主要工作）或 △（涉及該範疇），以「、」分隔', helpEn: 'Category code or name followed by √ (main) or △ (involved), separated by 、', example: 'aap2-axis-1-cat-1 √、aap2-axis-3-cat-3 △' },
  { key: 'startYear', header: '起始年度', headerEn: 'Start year', type: 'year', required: false, help: '民國年（112）或西元年（2023）', helpEn: 'ROC (112) or AD (2023) year', example: '112' },
  { key: 'endYear', header: '結束年度', headerEn: 'End year', type: 'year', required: false, help: '民國年或西元年，不得早於起始年度', helpEn: 'ROC or AD year, not before the start year', example: '115' },
  { key: 'continuity', header: '計畫性質', headerEn: 'Continuity', type: 'text', required: false, help: '既有、延續或新增', helpEn: 'existing (既有), continuing (延續) or new (新增)', example: '既有' },
  { key: 'flagship', header: '旗艦計畫', headerEn: 'Flagship', type: 'boolean', required: false, help: '是／否（旗艦計畫須經關卡審查）', helpEn: 'yes / no (flagship sub-projects go through stage gates)', example: '否' },
  { key: 'measures', header: '辦理措施', headerEn: 'Measures', type: 'longText', required: false, help: '辦理措施', helpEn: 'Measures', example: '' },
  { key: 'fullTermTarget', header: '全程目標', headerEn: 'Full-term target', type: 'longText', required: false, help: '全程目標／終點目標', helpEn: 'Full-term target', example: '' },
  { key: 'remarks', header: '備註', headerEn: 'Remarks', type: 'longText', required: false, help: '備註', helpEn: 'Remarks', example: '' },
];

const CONTINUITY: Record<string, 'existing' | 'continuing' | 'new'> = {
  既有: 'existing', existing: 'existing', 延續: 'continuing', continuing: 'continuing', 新增: 'new', new: 'new',
};

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** "aap2-axis-1-cat-1 √" / "資料:√" → category text and mark. */
function splitMark(item: string): { category: string; mark: string } {
  const m = /^(.*?)[\s:：]*([√✓✔vV△▲∆Δ])$/.exec(item.trim());
  return m ? { category: m[1].trim(), mark: m[2] } : { category: item.trim(), mark: '' };
}

export const SUB_PROJECTS_KIND: ImportKind<SubProjectRecord> = {
  name: ImportKindName.SubProjects,
  sheetName: '細部計畫',
  title: '細部計畫',
  titleEn: 'Sub-projects',
  columns: COLUMNS,

  toRecord(values, present, problems) {
    const get = <T>(k: string) => values.get(k) as T | undefined;
    const opt = <T>(k: string): T | null | undefined => (present.has(k) ? (values.get(k) as T | undefined) ?? null : undefined);
    const startYear = opt<number>('startYear');
    const endYear = opt<number>('endYear');
    if (typeof startYear === 'number' && typeof endYear === 'number' && endYear < startYear) {
      problems.push({ field: 'endYear', value: String(endYear), code: 'endBeforeStart', params: { start: startYear, end: endYear } });
      return null;
    }
    let continuity: SubProjectRecord['continuity'];
    const continuityText = opt<string>('continuity');
    if (continuityText !== undefined) {
      continuity = continuityText === null ? null : CONTINUITY[continuityText.trim().toLowerCase()];
      if (continuity === undefined) {
        problems.push({ field: 'continuity', value: continuityText, code: 'badChoice', params: { allowed: ['既有', '延續', '新增'] } });
        return null;
      }
    }
    const marks = opt<string[]>('marks');
    if (marks) {
      for (const item of marks) {
        const { mark } = splitMark(item);
        if (parseMark(mark) === null) {
          problems.push({ field: 'marks', value: item, code: 'badMark' });
          return null;
        }
      }
    }
    const code = get<string>('code')!;
    return {
      key: code, code, name: get<string>('name')!, programme: get<string>('programme')!, lead: get<string>('lead')!,
      coOrganisers: opt<string[]>('coOrganisers') ?? (present.has('coOrganisers') ? [] : undefined),
      axes: opt<string[]>('axes') ?? (present.has('axes') ? [] : undefined),
      marks: marks ?? (present.has('marks') ? [] : undefined),
      startYear, endYear, continuity, flagship: opt<boolean>('flagship'),
      measures: opt<string>('measures'), fullTermTarget: opt<string>('fullTermTarget'), remarks: opt<string>('remarks'),
    };
  },

  async plan(db, rows) {
    const ref = await ReferenceData.load(db);
    const existing = new Map<string, ExistingSubProjectRow>();
    for (const e of await rowsOf(db, EXISTING_SUB_PROJECTS, [rows.map((r) => r.record.code)])) existing.set(e.code, e);

    return rows.map(({ row, record: r }): PlannedRow<SubProjectRecord> => {
      const problems: FieldProblem[] = [];
      const old = existing.get(r.code);
      const planned = (action: PlannedRow<SubProjectRecord>['action'], changes: Change[] = [], target?: SubProjectTarget): PlannedRow<SubProjectRecord> =>
        ({ row, key: r.key, action, changes, problems, record: r, target });

      const programme = ref.programme(r.programme);
      if (!programme) problems.push({ field: 'programme', value: r.programme, code: 'unknownProgramme' });
      const lead = ref.organisations.match(r.lead);
      const leadProblem = organisationProblem('lead', r.lead, lead);
      if (leadProblem) problems.push(leadProblem);
      const coIds: string[] = [];
      for (const name of r.coOrganisers ?? []) {
        const m = ref.organisations.match(name);
        const p = organisationProblem('coOrganisers', name, m);
        if (p) problems.push(p);
        if (m.kind === 'found' && !coIds.includes(m.id)) coIds.push(m.id);
      }
      const axisIds: string[] = [];
      const marks: string[] = [];
      if (programme) {
        for (const text of r.axes ?? []) {
          const axis = ref.axis(programme.id, text);
          if (!axis) problems.push({ field: 'axes', value: text, code: 'unknownAxis', params: { programme: programme.code } });
          else if (!axisIds.includes(axis.id)) axisIds.push(axis.id);
        }
        const axesForMarks = r.axes === undefined ? old?.axis_ids ?? [] : axisIds;
        for (const item of r.marks ?? []) {
          const { category, mark } = splitMark(item);
          const hit = ref.category(axesForMarks, category);
          if (!hit) {
            problems.push({ field: 'marks', value: item, code: ref.categoryInProgramme(programme.id, category) ? 'categoryNotInAxes' : 'unknownCategory' });
          } else {
            const entry = `${hit.id}:${parseMark(mark)}`;
            if (marks.some((m) => m.startsWith(`${hit.id}:`))) problems.push({ field: 'marks', value: item, code: 'duplicateMark' });
            else marks.push(entry);
          }
        }
      }
      if (problems.some((p) => p.severity !== 'warning') || !programme || lead.kind !== 'found') return planned('invalid');

      axisIds.sort();
      marks.sort();
      const keep = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
      const target: SubProjectTarget = {
        programmeId: programme.id,
        name: r.name,
        leadId: lead.id,
        coOrganiserIds: r.coOrganisers === undefined ? old?.co_organiser_ids ?? [] : coIds,
        axisIds: r.axes === undefined ? old?.axis_ids ?? [] : axisIds,
        marks: r.marks === undefined ? old?.marks ?? [] : marks,
        startYear: keep(r.startYear, old?.start_year ?? null),
        endYear: keep(r.endYear, old?.end_year ?? null),
        continuity: keep<string | null>(r.continuity, old?.continuity ?? null) ?? null,
        flagship: keep(r.flagship, old?.is_flagship ?? false) ?? false,
        measures: keep(r.measures, old?.measures ?? null),
        fullTermTarget: keep(r.fullTermTarget, old?.full_term_target ?? null),
        remarks: keep(r.remarks, old?.remarks ?? null),
        setsChanged: { coOrganisers: true, axes: true, marks: true },
      };
      if (target.startYear !== null && target.endYear !== null && target.endYear < target.startYear) {
        problems.push({ field: r.endYear === undefined ? 'startYear' : 'endYear', value: String(r.endYear ?? r.startYear), code: 'endBeforeStart', params: { start: target.startYear, end: target.endYear } });
        return planned('invalid');
      }
      if (!old) return planned('create', [], target);

      const orgNames = (ids: readonly string[]) => ids.map((id) => ref.organisationName(id)).join('、');
      const axisNames = (ids: readonly string[]) => ids.map((id) => ref.axisById.get(id)?.code ?? id).join('、');
      const markNames = (entries: readonly string[]) => entries.map((e) => {
        const [id, mark] = e.split(':');
        return `${ref.categoryById.get(id)?.name ?? id} ${mark === 'main' ? '√' : '△'}`;
      }).join('、');
      const changes: Change[] = [];
      const diff = (field: string, before: unknown, after: unknown) => { if (before !== after) changes.push({ field, old: before, new: after }); };
      diff('programme', ref.programmeById.get(old.programme_id)?.code ?? old.programme_id, programme.code);
      diff('name', old.name, target.name);
      if (old.lead_organisation_id !== target.leadId) {
        if (old.status !== 'draft') {
          problems.push({ field: 'lead', value: r.lead, code: 'leadChangeNeedsReassignment', params: { current: ref.organisationName(old.lead_organisation_id), status: old.status } });
          return planned('invalid');
        }
        diff('lead', ref.organisationName(old.lead_organisation_id), lead.name);
      }
      target.setsChanged = {
        coOrganisers: !sameList(old.co_organiser_ids, target.coOrganiserIds),
        axes: !sameList(old.axis_ids, target.axisIds),
        marks: !sameList(old.marks, target.marks),
      };
      if (target.setsChanged.coOrganisers) diff('coOrganisers', orgNames(old.co_organiser_ids), orgNames(target.coOrganiserIds));
      if (target.setsChanged.axes) diff('axes', axisNames(old.axis_ids), axisNames(target.axisIds));
      if (target.setsChanged.marks) diff('marks', markNames(old.marks), markNames(target.marks));
      diff('startYear', old.start_year, target.startYear);
      diff('endYear', old.end_year, target.endYear);
      diff('continuity', old.continuity, target.continuity);
      diff('flagship', old.is_flagship, target.flagship);
      diff('measures', old.measures, target.measures);
      diff('fullTermTarget', old.full_term_target, target.fullTermTarget);
      diff('remarks', old.remarks, target.remarks);
      return planned(changes.length === 0 ? 'unchanged' : 'update', changes, target);
    });
  },

  async apply(db: DbHandle, rows): Promise<ApplyCounts> {
    const writes = rows.filter((r) => r.action === 'create' || r.action === 'update');
    const targets = writes.map((r) => r.target as SubProjectTarget);
    const ids = new Map<string, string>();
    const CHUNK = 5000;
    for (let i = 0; i < writes.length; i += CHUNK) {
      const part = writes.slice(i, i + CHUNK);
      const t = targets.slice(i, i + CHUNK);
      const written = await rowsOf(db, UPSERT_SUB_PROJECTS, [
        part.map((r) => r.record.code), t.map((x) => x.programmeId), t.map((x) => x.name), t.map((x) => x.leadId), t.map((x) => x.startYear),
        t.map((x) => x.endYear), t.map((x) => x.continuity), t.map((x) => x.flagship), t.map((x) => x.measures), t.map((x) => x.fullTermTarget), t.map((x) => x.remarks),
      ]);
      for (const w of written) ids.set(w.code, w.id);
    }
    // Rows whose own columns were unchanged but whose sets changed were not returned by the upsert.
    const missing = writes.filter((r) => !ids.has(r.record.code)).map((r) => r.record.code);
    if (missing.length > 0) for (const e of await rowsOf(db, EXISTING_SUB_PROJECTS, [missing])) ids.set(e.code, e.id);

    const setRows = (which: keyof SubProjectTarget['setsChanged']) => writes.filter((r) => (r.target as SubProjectTarget).setsChanged[which]);
    const co = setRows('coOrganisers');
    if (co.length) {
      await execute(db, DELETE_CO_ORGANISERS, [co.map((r) => ids.get(r.record.code))]);
      const s: string[] = []; const o: string[] = []; const q: number[] = [];
      for (const r of co) (r.target as SubProjectTarget).coOrganiserIds.forEach((id, i) => { s.push(ids.get(r.record.code)!); o.push(id); q.push(i + 1); });
      if (s.length) await execute(db, INSERT_CO_ORGANISERS, [s, o, q]);
    }
    const axes = setRows('axes');
    if (axes.length) {
      await execute(db, DELETE_AXES, [axes.map((r) => ids.get(r.record.code))]);
      const s: string[] = []; const a: string[] = [];
      for (const r of axes) for (const id of (r.target as SubProjectTarget).axisIds) { s.push(ids.get(r.record.code)!); a.push(id); }
      if (s.length) await execute(db, INSERT_AXES, [s, a]);
    }
    const marks = setRows('marks');
    if (marks.length) {
      await execute(db, DELETE_MARKS, [marks.map((r) => ids.get(r.record.code))]);
      const s: string[] = []; const c: string[] = []; const m: string[] = [];
      for (const r of marks) for (const e of (r.target as SubProjectTarget).marks) { const [cat, mark] = e.split(':'); s.push(ids.get(r.record.code)!); c.push(cat); m.push(mark); }
      if (s.length) await execute(db, INSERT_MARKS, [s, c, m]);
    }
    return { created: writes.filter((r) => r.action === 'create').length, updated: writes.filter((r) => r.action === 'update').length };
  },
};
