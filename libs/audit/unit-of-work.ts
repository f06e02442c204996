import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { personOf, type RequestContext } from '../access/actor.js';
import { execute } from '../database/sql-query.js';
import { writeOutbox } from '../outbox/outbox-writer.js';
import type { OutboxPayload, OutboxTopic } from '../outbox/topics.js';
import { INSERT_AUDIT_EVENT } from './audit.queries.js';

interface AuditEntry {
  /** e.g. submission.return */
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** One transaction of a workflow step: its writes, their audit events and outbox rows commit together or not at all. */
export interface Tx {
  readonly ctx: RequestContext;
  readonly manager: EntityManager;
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  audit(entry: AuditEntry): Promise<void>;
  /** Records an outbox row of a registered topic (libs/outbox/topics.ts) with the step. */
  outbox<T extends OutboxTopic>(topic: T, payload: OutboxPayload<T>): Promise<void>;
}

@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => {
      const tx: Tx = {
        ctx,
        manager,
        query: (sql, params) => manager.query(sql, params),
        audit: async (e) => {
          await execute(
            manager,
            INSERT_AUDIT_EVENT,
            [ctx.actor.userId, ctx.actor.organisationId, e.action, e.entityType, e.entityId,
             e.before ? JSON.stringify(e.before) : null, e.after ? JSON.stringify(e.after) : null, ctx.requestId, ctx.clientRequestId ?? null, ctx.actor.actingUserId ?? null],
          );
        },
        // The person who took the step is left out of its emails: a delegate acting for someone, too.
        outbox: (topic, payload) => writeOutbox(manager, personOf(ctx.actor), topic, payload),
      };
      return work(tx);
    });
  }
}
