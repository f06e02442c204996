import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsUUID, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { type Actor, CurrentActor, isSecretariat, personOf } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { inScope, scopeOf } from '../access/scope.js';
import { AppError } from '../common/errors.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { UserRole } from '../users/user.entity.js';
import { type AuditChainReport, verifyAuditChain } from './audit-chain.js';
import { DELEGATION_VISIBILITY, ENTITY_HISTORY, EVENTS_UP_TO_REVISION, SUBMISSION_VISIBILITY } from './audit.queries.js';

export class AuditQuery {
  @ApiProperty({ example: 'submission' })
  @Matches(/^[a-z_]{1,64}$/, { message: 'entityType must be a lower-case entity name, e.g. submission' })
  entityType: string;

  @ApiProperty()
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId: string;
}

export class AuditActorDto {
  @ApiProperty() userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
}

export class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiPropertyOptional({ type: AuditActorDto, nullable: true, description: 'On whose behalf: the user whose roles and organisation the step was taken with' }) actor: AuditActorDto | null;
  @ApiPropertyOptional({
    type: AuditActorDto, nullable: true,
    description: 'The person who really acted, when a delegate acted for the actor (職務代理): shown as "acting 代 actor"',
  }) actingUser: AuditActorDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
}

export class AuditChainBreakDto {
  @ApiProperty({ type: String, nullable: true, description: 'The audit event where the chain breaks; null when the row is missing altogether' }) id: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Its position in the chain' }) chainSeq: string | null;
  @ApiProperty() problem: string;
}

export class AuditChainReportDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Rows checked, in chain order' }) checked: number;
  @ApiProperty({ description: 'The chain head: its position…' }) headSeq: string;
  @ApiProperty({ description: '…and hash; kept elsewhere, it shows whether the whole chain was rewritten later' }) headHash: string;
  @ApiProperty({ type: AuditChainBreakDto, nullable: true }) broken: AuditChainBreakDto | null;
}

/** SQL condition on audit_event `a` keeping the events the caller may read; $1 is the entity id. */
type EventFilter = { where: string; params: unknown[] };
const EVERY_EVENT: EventFilter = { where: 'TRUE', params: [] };

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async history(entityType: string, entityId: string, actor: Actor): Promise<AuditEventDto[]> {
    const filter = await this.visibleEvents(entityType, entityId, actor);
    const rows = await rowsOf(this.dataSource, ENTITY_HISTORY(filter.where), [entityType, entityId, ...filter.params]);
    return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
  }

  verify(): Promise<AuditChainReport> {
    return verifyAuditChain(this.dataSource);
  }

  /**
   * The history of an entity is as visible as the entity: what answers 404 to the caller has no
   * history for them either, and they read only the events of what they may read of it.
   */
  private async visibleEvents(entityType: string, entityId: string, actor: Actor): Promise<EventFilter> {
    if (entityType === 'submission') return this.visibleSubmissionEvents(entityId, actor);
    if (entityType === 'delegation') return this.visibleDelegationEvents(entityId, actor);
    // Other entities' histories are the secretariat's.
    if (!isSecretariat(actor)) throw AppError.notFound(entityType, entityId);
    return EVERY_EVENT;
  }

  /** A delegation's history: its two people, the secretariat, and the users of its organisation. */
  private async visibleDelegationEvents(id: string, actor: Actor): Promise<EventFilter> {
    const row = await rowOf(this.dataSource, DELEGATION_VISIBILITY, [id]);
    const party = row && [actor.userId, personOf(actor)].some((u) => u === row.delegator_user_id || u === row.delegate_user_id);
    if (!row || !(party || isSecretariat(actor) || (row.organisation_id !== null && actor.organisationIds.includes(row.organisation_id)))) throw AppError.notFound('delegation', id);
    return EVERY_EVENT;
  }

  /**
   * As the submission's own routes: its ministries read every event; the secretariat reads a
   * submission once a supervisor approved it, and only the events up to the revision they received
   * (an evidence file once a revision they can read lists it), never the drafts after it.
   */
  private async visibleSubmissionEvents(id: string, actor: Actor): Promise<EventFilter> {
    const row = await rowOf(this.dataSource, SUBMISSION_VISIBILITY, [id]);
    const scope = scopeOf(actor);
    if (!row || !inScope(scope, row.lead_id, row.co_organiser_ids)) throw AppError.notFound('submission', id);
    if (!scope.all) return EVERY_EVENT;
    if (row.approved_revision === null) throw AppError.notFound('submission', id);
    return {
      where: EVENTS_UP_TO_REVISION,
      params: [row.approved_revision],
    };
  }
}

/** Read-only: no route edits or deletes audit events (and the database refuses it anyway). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @AnyRole()
  @ApiOperation({
    summary: 'The history of one entity: every state change with actor (and the acting delegate, if one acted for them), before, after, time and request id; ' +
      'as visible as the entity itself (404 when it is not). Ministries read their submissions\' and delegations\' histories; the rest is the secretariat\'s',
  })
  @ApiOkResponse({ type: [AuditEventDto] })
  history(@Query() query: AuditQuery, @CurrentActor() actor: Actor): Promise<AuditEventDto[]> {
    return this.audit.history(query.entityType, query.entityId, actor);
  }

  @Get('verify')
  @Allow(UserRole.Admin)
  @ApiOperation({ summary: 'Checks the audit trail\'s hash chain end to end (as `npm run audit:verify`): ok, or the first broken row' })
  @ApiOkResponse({ type: AuditChainReportDto })
  verify(): Promise<AuditChainReportDto> {
    return this.audit.verify();
  }
}
