import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The shapes of the files under seeds/ (see seeds/FORMAT.md). Unknown fields are kept in the files only. */

export interface OrganisationSeed {
  key: string;
  kind: string;
  name: string;
  full_name?: string | null;
  name_en?: string | null;
  parent?: string | null;
  names?: { name: string; valid_from?: string | null; valid_to?: string | null; source?: string | null; note?: string | null }[];
}

interface TargetSeed {
  year: number;
  value?: string | null;
  comparator?: string | null;
  note?: string | null;
}

export interface IndicatorSeed {
  key: string;
  seq?: number;
  text: string;
  unit?: string | null;
  responsible?: string[];
  targets?: TargetSeed[];
}

export interface BudgetLineSeed {
  axis?: string | null;
  year: number;
  kind: 'existing' | 'new';
  allocated: string;
  executed?: string | null;
  source?: string | null;
}

export interface PrintedTotalSeed {
  key?: string;
  row?: string;
  axis?: string | null;
  year?: number | null;
  kind?: string;
  amount: string;
  column?: string;
  unit?: string | null;
  text?: string | null;
  source?: string | null;
}

interface SubProjectSeed {
  key: string;
  name: string;
  name_as_printed?: string | null;
  focus?: string | null;
  lead?: string | null;
  lead_text?: string | null;
  co_organisers?: string[];
  co_organisers_text?: string | null;
  period_text?: string | null;
  start_year?: number | null;
  end_year?: number | null;
  continuity?: string | null;
  flagship?: boolean;
  kind: string;
  measures?: string | null;
  full_term_target?: string | null;
  remarks?: string | null;
  note?: string | null;
  axes?: { axis: string; source?: string | null; marks?: { category: string; mark: string }[] }[];
  milestones?: { key: string; seq?: number; year?: number | null; due_date: string; deliverable: string; source?: string | null }[];
  indicators?: IndicatorSeed[];
  budget_lines?: BudgetLineSeed[];
}

export interface ProgrammeSeed {
  key: string;
  name: string;
  name_en?: string | null;
  parent?: string | null;
  overseer?: string | null;
  start_year: number;
  end_year?: number | null;
  period_text?: string | null;
  approved_text?: string | null;
  source_document?: string | null;
  summary?: string | null;
  oversight_text?: string | null;
}

interface AxisSeed {
  key: string;
  seq: number;
  name: string;
  goal?: string | null;
  description?: string | null;
  categories?: { key: string; seq: number; name: string }[];
  focus_areas?: {
    key: string;
    seq: number;
    name: string;
    responsible_text?: string | null;
    organisations?: { org: string; note?: string | null }[];
    source?: string | null;
  }[];
  key_results?: IndicatorSeed[];
}

export type NoteSeed = string | { text: string; source?: string | null };

interface DiscrepancySeed {
  key: string;
  subject: string;
  text: string;
  sources?: string[];
}

interface ProgrammeFile {
  file: string;
  programme?: ProgrammeSeed;
  extends?: string;
  parents?: ProgrammeSeed[];
  organisations?: OrganisationSeed[];
  programme_key_results?: IndicatorSeed[];
  axes?: AxisSeed[];
  sub_projects?: SubProjectSeed[];
  budget_lines?: BudgetLineSeed[];
  budget_printed_totals?: PrintedTotalSeed[];
  budget_totals?: PrintedTotalSeed[];
  discrepancies?: DiscrepancySeed[];
  notes?: NoteSeed[];
}

interface MeetingFile {
  file: string;
  organisations?: OrganisationSeed[];
  meetings: ({
    key: string;
    body: string;
    name: string;
    held_on: string;
    held_until?: string | null;
    kind: string;
    description?: string | null;
    note?: string | null;
    source?: string | null;
  } & Record<string, unknown>)[];
  resolutions: {
    key: string;
    meeting: string;
    seq: number;
    text: string;
    due_date?: string | null;
    source?: string | null;
    organisations: { org: string; note?: string | null }[];
    follow_ups?: { org?: string | null; orgs?: string[]; org_text?: string | null; reported_on: string; text: string; source?: string | null; note?: string | null }[];
  }[];
  progress_reports?: { key: string; org?: string | null; meeting?: string | null; text: string; figures?: { label: string; value: string | null; unit?: string | null }[]; source?: string | null }[];
  discrepancies?: DiscrepancySeed[];
}

/** A programme's stage gates (seeds/gates/<programme>.json): see seeds/FORMAT.md. */
interface GateFile {
  file: string;
  programme: string;
  notes?: string[];
  templates: {
    key: string;
    seq: number;
    name: string;
    name_en?: string | null;
    purpose: string;
    source?: string | null;
    source_text?: string | null;
    note?: string | null;
    criteria: { code: string; requirement: string; weight: string; text: string; guidance?: string | null; source?: string | null; source_text?: string | null }[];
  }[];
}

export interface SeedFiles {
  organisations: OrganisationSeed[];
  programmeFiles: ProgrammeFile[];
  meetingFiles: MeetingFile[];
  gateFiles?: GateFile[];
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new Error(`Cannot read seed file ${file}: ${(e as Error).message}`);
  }
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function readSeedFiles(seedDir: string): SeedFiles {
  return {
    organisations: readJson<OrganisationSeed[]>(path.join(seedDir, 'organisations.json')),
    programmeFiles: jsonFiles(path.join(seedDir, 'programmes')).map((f) => ({ ...readJson<ProgrammeFile>(f), file: path.basename(f) })),
    meetingFiles: jsonFiles(path.join(seedDir, 'meetings')).map((f) => ({ ...readJson<MeetingFile>(f), file: path.basename(f) })),
    gateFiles: existsSync(path.join(seedDir, 'gates'))
      ? jsonFiles(path.join(seedDir, 'gates')).map((f) => ({ ...readJson<GateFile>(f), file: path.basename(f) }))
      : [],
  };
}
