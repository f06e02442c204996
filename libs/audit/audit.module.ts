import { Global, Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { AuditController, AuditService } from './audit.controller.js';
import { UnitOfWork } from './unit-of-work.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowOf } from '../database/sql-query.js';
import { AUDIT_PROTECTION } from './audit.queries.js';

@Global()
@Module({ controllers: [AuditController], providers: [AuditService, UnitOfWork], exports: [UnitOfWork] })
export class AuditModule implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** In production, say so when DATABASE_URL is a role that could switch off the audit trail's protection. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.runtime.NODE_ENV !== 'production') return;
    const problem = await auditProtectionProblem(this.dataSource);
    if (problem) new Logger('audit').warn(problem);
  }
}

/** Why this connection could get round the audit trail's append-only rule (README "Database roles"), or null when it cannot. */
export async function auditProtectionProblem(db: DbHandle): Promise<string | null> {
  const me = await rowOf(db, AUDIT_PROTECTION);
  if (!me?.can_disable) return null;
  return `DATABASE_URL connects as ${me.role}, a superuser or the owner of audit_event, which can switch off the audit trail's protection:` +
    ' set MIGRATION_DATABASE_URL to the owner and DATABASE_URL to a role of its own, then run npm run migrate (README "Database roles")';
}
