import { Body, Controller, Get, Req, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { preferredLanguage } from '../common/validation-messages.js';
import { InboxService } from './inbox.service.js';
import { InboxItemParams, InboxPageDto, InboxQuery, MarkAllReadDto, MarkedAllReadDto, MarkedReadDto, UnreadCountDto } from './inbox.views.js';

/** /me only: a user reads and marks their own notifications, nobody else's. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('me/notifications')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Your notifications, newest first (keyset-paginated): reminders, escalations, workflow events, digests, scheduled reports' })
  @ApiOkResponse({ type: InboxPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: InboxQuery, @Req() request: FastifyRequest): Promise<InboxPageDto> {
    return this.inbox.list(actor, query, preferredLanguage(request.headers['accept-language'], actor.locale));
  }

  @Get('unread-count')
  @AnyRole()
  @ApiOperation({ summary: 'How many of your notifications are unread (the navigation badge)' })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentActor() actor: Actor): Promise<UnreadCountDto> {
    return { unread: await this.inbox.unread(actor) };
  }

  @Post('read-all')
  @HttpCode(200)
  @AnyRole()
  @ApiOperation({ summary: 'Mark all your notifications read (or all of one kind); marking again changes nothing' })
  @ApiOkResponse({ type: MarkedAllReadDto })
  markAllRead(@CurrentActor() actor: Actor, @Body() body: MarkAllReadDto): Promise<MarkedAllReadDto> {
    return this.inbox.markAllRead(actor, body?.kind);
  }

  @Post(':id/read')
  @HttpCode(200)
  @AnyRole()
  @ApiOperation({ summary: 'Mark one of your notifications read; marking again keeps the first read time' })
  @ApiOkResponse({ type: MarkedReadDto })
  @ApiNotFoundResponse({ description: 'No such notification of yours (another user\'s answers the same)' })
  markRead(@CurrentActor() actor: Actor, @Param() params: InboxItemParams): Promise<MarkedReadDto> {
    return this.inbox.markRead(actor, params.id);
  }
}
