import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors.js';
import { rowOf, rowsOf } from '../../database/sql-query.js';
import { SCORE_MAX, SCORE_MIN } from '../gate.entity.js';
import { criterionView, SCALE_NOTE } from '../gate.presenter.js';
import type { GateTemplateListDto } from '../gate.views.js';
import { CRITERIA, PROGRAMME_BY_CODE, TEMPLATES_OF_PROGRAMME } from '../gates.queries.js';

/** GET /api/programmes/:code/gate-templates — a programme's gates in order, with the criteria in force and the scale. */
@Injectable()
export class ListGateTemplates {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(programmeCode: string): Promise<GateTemplateListDto> {
    const programme = await rowOf(this.db, PROGRAMME_BY_CODE, [programmeCode]);
    if (!programme) throw AppError.notFound('programme', programmeCode);
    const gates = [];
    for (const t of await rowsOf(this.db, TEMPLATES_OF_PROGRAMME, [programme.id])) {
      const criteria = await rowsOf(this.db, CRITERIA, [t.id, t.criteria_revision]);
      gates.push({
        code: t.code, seq: t.seq, name: t.name, nameEn: t.name_en, purpose: t.purpose, source: t.source, sourceText: t.source_text, note: t.note,
        criteriaRevision: t.criteria_revision, version: t.version, criteria: criteria.map(criterionView),
      });
    }
    return { programme: programmeCode, scale: { min: SCORE_MIN, max: SCORE_MAX, note: SCALE_NOTE }, gates };
  }
}
