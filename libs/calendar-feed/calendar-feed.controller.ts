import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, Ctx, CurrentActor, type RequestContext } from '../access/actor.js';
import { AnyRole, Public } from '../access/policy.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import { CalendarFeedCreatedDto, CalendarFeedDto } from './calendar-feed.views.js';

/** The signed-in user's own feed: turn it on (a new URL), see whether it is on, revoke it. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('me/calendar-feed')
export class CalendarFeedSettingsController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Whether your calendar feed is on (its URL is shown only when it is made)' })
  @ApiOkResponse({ type: CalendarFeedDto })
  status(@CurrentActor() actor: Actor): Promise<CalendarFeedDto> {
    return this.feeds.status(actor);
  }

  @Post()
  @AnyRole()
  @ApiOperation({ summary: 'Make a new private calendar feed URL; an earlier one stops working at once' })
  @ApiCreatedResponse({ type: CalendarFeedCreatedDto })
  create(@Ctx() ctx: RequestContext): Promise<CalendarFeedCreatedDto> {
    return this.feeds.create(ctx);
  }

  @Delete()
  @HttpCode(200)
  @AnyRole()
  @ApiOperation({ summary: 'Revoke your calendar feed: its URL answers 404 from now on' })
  @ApiOkResponse({ type: CalendarFeedDto })
  revoke(@Ctx() ctx: RequestContext): Promise<CalendarFeedDto> {
    return this.feeds.revoke(ctx);
  }
}

/** The feed itself, for calendar clients: the secret in the URL is the only credential. */
@ApiTags('calendar')
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get(':file')
  @Public()
  @ApiOperation({ summary: 'A private iCalendar feed (RFC 5545): GET /api/calendar/<token>.ics' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar; charset=utf-8', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'A wrong, malformed or revoked token' })
  async feed(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.feeds.feed(file);
    void reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="guankao.ics"')
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff');
    return body;
  }
}
