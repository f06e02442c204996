import { Body, Controller, Get, Req, Injectable, Put } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, Ctx, CurrentActor, type RequestContext } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { type Language, preferredLanguage } from '../common/validation-messages.js';
import type { DbHandle } from '../database/db-handle.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import { NotificationDelivery, UserLocale } from '../users/user.entity.js';
import { ALWAYS_SENT_TEXT, isNotificationKind, kindOption } from './kind-options.js';
import { NotificationKind } from './notification.entity.js';
import { KindDelivery } from './notification-preference.entity.js';
import {
  DELETE_KIND_PREFERENCE, KIND_PREFERENCES, LOCK_PREFERENCES, PREFERENCES, type PreferenceRow, UPDATE_PREFERENCES, UPSERT_KIND_PREFERENCE,
} from './notifications.queries.js';
import { ESCALATIONS_NOTE, type KindPreferenceDto, NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './notification.views.js';
import { NOTIFICATION_KIND_LABEL } from './templates/labels.js';

/** What the defaults give a kind with no own setting (the ledger's rule, notifications.queries.ts INSERT_NOTIFICATIONS). */
function byDefault(kind: NotificationKind, row: PreferenceRow): KindDelivery {
  if (kindOption(kind).alwaysSent) return KindDelivery.Immediate;
  if (row.mute_non_critical) return KindDelivery.Off;
  if (row.notification_delivery === NotificationDelivery.Digest && kind !== NotificationKind.Digest) return KindDelivery.WeeklyDigest;
  return KindDelivery.Immediate;
}

function view(row: PreferenceRow, own: Map<string, KindDelivery>, language: Language): NotificationPreferencesDto {
  const locale = language === 'zh-TW' ? UserLocale.ZhTw : UserLocale.En;
  const kinds: KindPreferenceDto[] = Object.values(NotificationKind).map((kind) => {
    const option = kindOption(kind);
    const delivery = option.alwaysSent ? null : own.get(kind) ?? null;
    return {
      kind,
      group: option.group,
      label: NOTIFICATION_KIND_LABEL[kind]?.[locale] ?? kind,
      delivery,
      effective: delivery ?? byDefault(kind, row),
      options: [...option.options],
      alwaysSent: option.alwaysSent,
      alwaysSentNote: option.alwaysSent ? ALWAYS_SENT_TEXT[option.alwaysSent] : null,
    };
  });
  return { delivery: row.notification_delivery, muteNonCritical: row.mute_non_critical, escalationsCanBeMuted: false, note: ESCALATIONS_NOTE, kinds };
}

async function ownSettings(db: DbHandle, userId: string): Promise<Map<string, KindDelivery>> {
  return new Map((await rowsOf(db, KIND_PREFERENCES, [userId])).map((r) => [r.kind, r.delivery]));
}

/** Each user's own mail preferences; the ledger applies them when it records a notification. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async get(actor: Actor, language: Language): Promise<NotificationPreferencesDto> {
    const row = await rowOf(this.dataSource, PREFERENCES, [actor.userId]);
    if (!row) throw AppError.notFound('user', actor.userId);
    return view(row, await ownSettings(this.dataSource, actor.userId), language);
  }

  async update(body: UpdateNotificationPreferencesDto, ctx: RequestContext, language: Language): Promise<NotificationPreferencesDto> {
    const changes = this.checkKinds(body);
    return this.uow.run(ctx, async (tx) => {
      const userId = ctx.actor.userId;
      const before = await rowOf(tx, LOCK_PREFERENCES, [userId]);
      if (!before) throw AppError.notFound('user', userId);
      const ownBefore = await ownSettings(tx, userId);
      const after: PreferenceRow = { notification_delivery: body.delivery, mute_non_critical: body.muteNonCritical };
      const ownAfter = new Map(ownBefore);
      for (const { kind, delivery } of changes) {
        if (delivery === 'default') ownAfter.delete(kind);
        else ownAfter.set(kind, delivery);
      }
      const defaultsChanged = before.notification_delivery !== after.notification_delivery || before.mute_non_critical !== after.mute_non_critical;
      const kindsChanged = changes.filter(({ kind }) => ownBefore.get(kind) !== ownAfter.get(kind));
      if (!defaultsChanged && kindsChanged.length === 0) return view(before, ownBefore, language);
      if (defaultsChanged) await execute(tx, UPDATE_PREFERENCES, [userId, after.notification_delivery, after.mute_non_critical]);
      for (const { kind } of kindsChanged) {
        const delivery = ownAfter.get(kind);
        if (delivery) await execute(tx, UPSERT_KIND_PREFERENCE, [userId, kind, delivery]);
        else await execute(tx, DELETE_KIND_PREFERENCE, [userId, kind]);
      }
      const kindsOf = (own: Map<string, KindDelivery>) => Object.fromEntries(kindsChanged.map(({ kind }) => [kind, own.get(kind) ?? 'default']));
      await tx.audit({
        action: 'user.notification_preferences', entityType: 'user', entityId: userId,
        before: { delivery: before.notification_delivery, muteNonCritical: before.mute_non_critical, ...(kindsChanged.length ? { kinds: kindsOf(ownBefore) } : {}) },
        after: { delivery: after.notification_delivery, muteNonCritical: after.mute_non_critical, ...(kindsChanged.length ? { kinds: kindsOf(ownAfter) } : {}) },
      });
      return view(after, ownAfter, language);
    });
  }

  /** Refuses what a kind does not offer: escalations and security mail cannot be turned off or held. */
  private checkKinds(body: UpdateNotificationPreferencesDto) {
    const changes = body.kinds ?? [];
    const seen = new Set<string>();
    changes.forEach(({ kind, delivery }, i) => {
      const field = `kinds[${i}]`;
      if (!isNotificationKind(kind)) throw new AppError('DELIVERY_NOT_OFFERED', `${field}: "${kind}" is not a notification kind`, { kind });
      if (seen.has(kind)) throw new AppError('DELIVERY_NOT_OFFERED', `${field}: "${kind}" is named twice`, { kind });
      seen.add(kind);
      const option = kindOption(kind);
      if (option.alwaysSent && delivery !== 'default' && delivery !== KindDelivery.Immediate) {
        throw new AppError('NOTIFICATION_ALWAYS_SENT', `${field}: ${ALWAYS_SENT_TEXT[option.alwaysSent]}`, { kind, reason: option.alwaysSent });
      }
      if (delivery !== 'default' && !option.options.includes(delivery)) {
        throw new AppError('DELIVERY_NOT_OFFERED', `${field}: "${kind}" can be set to ${option.options.join(', ')}, not ${delivery}`, { kind, options: option.options });
      }
    });
    // An always-sent kind keeps no own row: it has nothing to choose.
    return changes.filter(({ kind }) => !kindOption(kind).alwaysSent);
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
  @ApiOperation({ summary: 'Your notification preferences: defaults (immediate or weekly digest, mute non-critical) and a setting per kind' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  get(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<NotificationPreferencesDto> {
    return this.preferences.get(actor, preferredLanguage(request.headers['accept-language'], actor.locale));
  }

  @Put()
  @AnyRole()
  @ApiOperation({ summary: 'Set your notification preferences: per kind email now, daily or weekly digest, or off (escalations and security mail cannot be turned off)' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiBadRequestResponse({ description: 'delivery or muteNonCritical missing or invalid; NOTIFICATION_ALWAYS_SENT for an escalation, security email or scheduled report; DELIVERY_NOT_OFFERED' })
  update(
    @Body() body: UpdateNotificationPreferencesDto, @Ctx() ctx: RequestContext, @Req() request: FastifyRequest,
  ): Promise<NotificationPreferencesDto> {
    return this.preferences.update(body, ctx, preferredLanguage(request.headers['accept-language'], ctx.actor.locale));
  }
}
