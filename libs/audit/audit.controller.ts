import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsUUID, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { Allow } from '../access/policy.js';
import { UserRole } from '../users/user.entity.js';

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
  @ApiPropertyOptional({ type: AuditActorDto, nullable: true }) actor: AuditActorDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  history(entityType: string, entityId: string): Promise<AuditEventDto[]> {
    return this.dataSource.query(
      `SELECT a.id::text AS id, a.at, a.action, a.entity_type AS "entityType", a.entity_id AS "entityId",
              CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('userId', u.id, 'email', u.email, 'displayName', u.display_name) END AS actor,
              a.before, a.after, a.request_id AS "requestId"
         FROM audit_event a LEFT JOIN app_user u ON u.id = a.actor_user_id
        WHERE a.entity_type = $1 AND a.entity_id = $2
        ORDER BY a.at, a.id`,
      [entityType, entityId],
    );
  }
}

/** Read-only: no route edits or deletes audit events (and the database refuses it anyway). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'The history of one entity: every state change with actor, before, after, time and request id' })
  @ApiOkResponse({ type: [AuditEventDto] })
  history(@Query() query: AuditQuery): Promise<AuditEventDto[]> {
    return this.audit.history(query.entityType, query.entityId);
  }
}
