import { Body, Controller, Get, Injectable, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, Ctx, CurrentActor, type RequestContext } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { execute, rowOf } from '../database/sql-query.js';
import { LOCK_PREFERENCES, PREFERENCES, type PreferenceRow, UPDATE_PREFERENCES } from './notifications.queries.js';
import { ESCALATIONS_NOTE, NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './notification.views.js';


const view = (row: PreferenceRow): NotificationPreferencesDto => ({
  delivery: row.notification_delivery,
  muteNonCritical: row.mute_non_critical,
  escalationsCanBeMuted: false,
  note: ESCALATIONS_NOTE,
});

/** Each user's own mail preferences; the ledger applies them when it records a notification. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async get(actor: Actor): Promise<NotificationPreferencesDto> {
    const row = await rowOf(this.dataSource, PREFERENCES, [actor.userId]);
    if (!row) throw AppError.notFound('user', actor.userId);
    return view(row);
  }

  async update(body: UpdateNotificationPreferencesDto, ctx: RequestContext): Promise<NotificationPreferencesDto> {
    return this.uow.run(ctx, async (tx) => {
      const before = await rowOf(tx, LOCK_PREFERENCES, [ctx.actor.userId]);
      if (!before) throw AppError.notFound('user', ctx.actor.userId);
      const after: PreferenceRow = { notification_delivery: body.delivery, mute_non_critical: body.muteNonCritical };
      if (before.notification_delivery === after.notification_delivery && before.mute_non_critical === after.mute_non_critical) return view(before);
      await execute(tx, UPDATE_PREFERENCES, [
        ctx.actor.userId, after.notification_delivery, after.mute_non_critical,
      ]);
      await tx.audit({
        action: 'user.notification_preferences', entityType: 'user', entityId: ctx.actor.userId,
        before: { delivery: before.notification_delivery, muteNonCritical: before.mute_non_critical },
        after: { delivery: after.notification_delivery, muteNonCritical: after.mute_non_critical },
      });
      return view(after);
    });
  }
}

/** /me only: nobody reads or changes another user's preferences. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Your notification preferences: immediate or digest, and mute for non-critical mail' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  get(@CurrentActor() actor: Actor): Promise<NotificationPreferencesDto> {
    return this.preferences.get(actor);
  }

  @Put()
  @AnyRole()
  @ApiOperation({ summary: 'Set your notification preferences (escalations cannot be muted)' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiBadRequestResponse({ description: 'delivery or muteNonCritical missing or invalid' })
  update(@Body() body: UpdateNotificationPreferencesDto, @Ctx() ctx: RequestContext): Promise<NotificationPreferencesDto> {
    return this.preferences.update(body, ctx);
  }
}
