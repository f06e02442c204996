import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../access/actor.js';
import { AnyRole } from '../access/policy.js';
import { MyWorkService } from './my-work.service.js';
import { MyWorkDto } from './my-work.views.js';

@ApiBearerAuth()
@ApiTags('my-work')
@Controller('me')
export class MyWorkController {
  constructor(private readonly myWork: MyWorkService) {}

  @Get('work')
  @AnyRole()
  @ApiOperation({
    summary: '我的待辦: per role, what the caller must act on (officer, supervisor, secretariat groups), at most 50 per group with its total, and the counts for the navigation',
  })
  @ApiOkResponse({ type: MyWorkDto })
  work(@CurrentActor() actor: Actor): Promise<MyWorkDto> {
    return this.myWork.forActor(actor);
  }
}
