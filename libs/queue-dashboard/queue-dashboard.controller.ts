import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, CurrentActor } from '../access/actor.js';
import { Allow } from '../access/policy.js';
import { credentialsOf } from '../auth/browser-session.js';
import { UserRole } from '../users/user.entity.js';
import { DASHBOARD_PATH, QueueDashboardAccess } from './dashboard-access.js';

export class DashboardSessionDto {
  @ApiProperty({ example: DASHBOARD_PATH, description: 'Open this page in the same browser' }) dashboardPath: string;
  @ApiProperty({ description: 'Seconds until the cookie (and the access token in it) expires' }) expiresIn: number;
}

@ApiTags('admin')
@Controller('admin/queues')
export class QueueDashboardController {
  constructor(private readonly access: QueueDashboardAccess) {}

  @Post('session')
  @HttpCode(200)
  @Allow(UserRole.Admin)
  @ApiBearerAuth()
  @ApiOperation({
    summary: `Open the queue dashboard (${DASHBOARD_PATH}) in this browser: sets an HttpOnly, SameSite=Strict cookie carrying this session's access token, valid as long as the token`,
  })
  @ApiOkResponse({ type: DashboardSessionDto })
  async openSession(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<DashboardSessionDto> {
    // The guard accepted this token (bearer, or the browser session cookie), so it is the caller's live access token.
    const token = credentialsOf(request)?.token ?? '';
    const { setCookie, expiresIn } = await this.access.cookieFor(actor, token);
    void reply.header('set-cookie', setCookie).header('cache-control', 'no-store');
    return { dashboardPath: DASHBOARD_PATH, expiresIn };
  }
}
