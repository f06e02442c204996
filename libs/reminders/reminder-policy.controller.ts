import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { CodePipe } from '../common/code.pipe.js';
import { UserRole } from '../users/user.entity.js';
import { ReminderPolicyService } from './reminder-policy.service.js';
import { PutReminderPolicyBody, ReminderPolicyDto } from './reminder-policy.views.js';

@ApiBearerAuth()
@ApiTags('reminders')
@Controller('programmes/:code/reminder-policy')
export class ReminderPolicyController {
  constructor(private readonly policies: ReminderPolicyService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'When a programme\'s milestones are reminded and escalated: its own policy, its parent\'s, or the defaults (source says which)' })
  @ApiOkResponse({ type: ReminderPolicyDto })
  @ApiNotFoundResponse({ description: 'No programme has this code' })
  get(@Param('code', CodePipe) code: string): Promise<ReminderPolicyDto> {
    return this.policies.policyOf(code);
  }

  @Put()
  @Allow(UserRole.Coordinator)
  @ApiOperation({ summary: 'Set the programme\'s own reminder policy (coordinators; audited as programme.reminder_policy). Applies from the next sweep.' })
  @ApiOkResponse({ type: ReminderPolicyDto })
  @ApiBadRequestResponse({ description: 'A day out of range or repeated, escalation days not increasing, an unknown role, too many entries; the error names the field' })
  @ApiNotFoundResponse({ description: 'No programme has this code' })
  put(@Param('code', CodePipe) code: string, @Body() body: PutReminderPolicyBody, @Ctx() ctx: RequestContext): Promise<ReminderPolicyDto> {
    return this.policies.put(ctx, code, { beforeDueDays: body.beforeDueDays, escalation: body.escalation });
  }

  @Delete()
  @Allow(UserRole.Coordinator)
  @ApiOperation({ summary: 'Remove the programme\'s own policy: it inherits its parent\'s again, else the defaults (audited)' })
  @ApiOkResponse({ type: ReminderPolicyDto })
  @ApiNotFoundResponse({ description: 'No programme has this code' })
  remove(@Param('code', CodePipe) code: string, @Ctx() ctx: RequestContext): Promise<ReminderPolicyDto> {
    return this.policies.remove(ctx, code);
  }
}
