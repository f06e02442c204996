import type { DbHandle } from '../../database/db-handle.js';
import { rowsOf } from '../../database/sql-query.js';
import { type AxisRow, type CategoryRow, IMPORT_AXES, IMPORT_CATEGORIES, IMPORT_ORGANISATIONS, IMPORT_PROGRAMMES, type ProgrammeRow } from '../imports.queries.js';
import { OrganisationDirectory, type OrganisationRow } from '../organisation-names.js';

const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, '').toLowerCase();

/** The organisations, programmes, axes and categories a row may name: read once per preview or confirm. */
export class ReferenceData {
  readonly organisations: OrganisationDirectory;
  private readonly orgNames = new Map<string, string>();
  private readonly programmeByText = new Map<string, ProgrammeRow>();
  readonly programmeById = new Map<string, ProgrammeRow>();
  private readonly axesByProgramme = new Map<string, AxisRow[]>();
  readonly axisById = new Map<string, AxisRow>();
  private readonly categoriesByAxis = new Map<string, CategoryRow[]>();
  readonly categoryById = new Map<string, CategoryRow>();

  private constructor(orgs: OrganisationRow[], programmes: ProgrammeRow[], axes: AxisRow[], categories: CategoryRow[]) {
    this.organisations = new OrganisationDirectory(orgs);
    for (const o of orgs) this.orgNames.set(o.id, o.name);
    for (const p of programmes) {
      this.programmeById.set(p.id, p);
      this.programmeByText.set(norm(p.name), p);
      this.programmeByText.set(norm(p.code), p);
    }
    for (const a of axes) {
      this.axisById.set(a.id, a);
      const list = this.axesByProgramme.get(a.programme_id) ?? [];
      list.push(a);
      this.axesByProgramme.set(a.programme_id, list);
    }
    for (const c of categories) {
      this.categoryById.set(c.id, c);
      const list = this.categoriesByAxis.get(c.axis_id) ?? [];
      list.push(c);
      this.categoriesByAxis.set(c.axis_id, list);
    }
  }

  static async load(db: DbHandle): Promise<ReferenceData> {
    const [orgs, programmes, axes, categories] = await Promise.all([
      rowsOf(db, IMPORT_ORGANISATIONS), rowsOf(db, IMPORT_PROGRAMMES), rowsOf(db, IMPORT_AXES), rowsOf(db, IMPORT_CATEGORIES),
    ]);
    return new ReferenceData(orgs, programmes, axes, categories);
  }

  organisationName(id: string | null): string | null {
    return id === null ? null : this.orgNames.get(id) ?? id;
  }

  programme(text: string): ProgrammeRow | undefined {
    return this.programmeByText.get(norm(text));
  }

  /** An axis of the programme by code, number (seq) or name. */
  axis(programmeId: string, text: string): AxisRow | undefined {
    const t = norm(text);
    return (this.axesByProgramme.get(programmeId) ?? []).find((a) => norm(a.code) === t || String(a.seq) === t || norm(a.name) === t || `主軸${a.seq}` === t);
  }

  /** A category of one of these axes by code or name. */
  category(axisIds: readonly string[], text: string): CategoryRow | undefined {
    const t = norm(text);
    for (const axisId of axisIds) {
      const hit = (this.categoriesByAxis.get(axisId) ?? []).find((c) => norm(c.code) === t || norm(c.name) === t);
      if (hit) return hit;
    }
    return undefined;
  }

  /** A category of any axis of the programme (to tell "not in the axes listed" from "unknown"). */
  categoryInProgramme(programmeId: string, text: string): CategoryRow | undefined {
    return this.category((this.axesByProgramme.get(programmeId) ?? []).map((a) => a.id), text);
  }
}
