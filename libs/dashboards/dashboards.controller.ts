import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { scopeOf } from '../access/scope.js';
import { UserRole } from '../users/user.entity.js';
import { DashboardsService } from './dashboards.service.js';
import {
  MinistryPerformanceDto, MinistryPerformanceQuery, OverdueMilestonesDto, OverdueMilestonesQuery, PendingReviewsDto, PendingReviewsQuery, PortfolioDto,
  PortfolioQuery,
} from './dashboards.views.js';

/** JSON dashboards; each is narrowed to the caller's scope (a ministry sees its own sub-projects). */
@ApiBearerAuth()
@ApiTags('dashboards')
@Controller('dashboards')
export class DashboardsController {
  constructor(private readonly dashboards: DashboardsService) {}

  @Get('portfolio')
  @AnyRole()
  @ApiOperation({ summary: 'Counts per light (override, else computed; none ⇒ white) overall, per axis and per lead ministry; with light=, the sub-projects showing it' })
  @ApiOkResponse({ type: PortfolioDto })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter; the error names the field' })
  portfolio(@Query() query: PortfolioQuery, @CurrentActor() actor: Actor): Promise<PortfolioDto> {
    return this.dashboards.portfolio(query, scopeOf(actor));
  }

  @Get('overdue-milestones')
  @AnyRole()
  @ApiOperation({ summary: 'Milestones past due (Asia/Taipei) and not accepted, oldest first, with days overdue; keyset-paginated' })
  @ApiOkResponse({ type: OverdueMilestonesDto })
  @ApiBadRequestResponse({ description: 'A malformed or unknown filter; the error names the field' })
  overdueMilestones(@Query() query: OverdueMilestonesQuery, @CurrentActor() actor: Actor): Promise<OverdueMilestonesDto> {
    return this.dashboards.overdueMilestones(query, scopeOf(actor));
  }

  @Get('pending-reviews')
  @Allow(UserRole.Coordinator, UserRole.Admin, UserRole.Viewer)
  @ApiOperation({ summary: 'Submissions waiting for the secretariat, oldest first, with days waiting; count, median and maximum days waiting' })
  @ApiOkResponse({ type: PendingReviewsDto })
  pendingReviews(@Query() query: PendingReviewsQuery, @CurrentActor() actor: Actor): Promise<PendingReviewsDto> {
    return this.dashboards.pendingReviews(query, scopeOf(actor));
  }

  @Get('ministry-performance')
  @AnyRole()
  @ApiOperation({ summary: 'Per lead ministry, for a year: on-time submission rate and return rate, with the counts behind them' })
  @ApiOkResponse({ type: MinistryPerformanceDto })
  ministryPerformance(@Query() query: MinistryPerformanceQuery, @CurrentActor() actor: Actor): Promise<MinistryPerformanceDto> {
    return this.dashboards.ministryPerformance(query, scopeOf(actor));
  }
}
