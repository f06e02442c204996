import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor, Ctx, type RequestContext } from '../access/actor.js';
import { Allow, AnyRole } from '../access/policy.js';
import { scopeOf } from '../access/scope.js';
import { CodePipe } from '../common/code.pipe.js';
import { UserRole } from '../users/user.entity.js';
import { LightsService } from './lights.service.js';
import {
  LightRulesDto, OverrideLightBody, PutLightRulesBody, RecomputeLightsBody, RecomputeResultDto, SubProjectLightDto, SubProjectLightsDto,
} from './lights.views.js';
import { PeriodPipe } from './period.pipe.js';

@ApiBearerAuth()
@ApiTags('lights')
@Controller('programmes/:code/light-rules')
export class LightRulesController {
  constructor(private readonly lights: LightsService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'The status-light thresholds a programme runs with: defaults merged with its own, and which it overrides' })
  @ApiOkResponse({ type: LightRulesDto })
  @ApiNotFoundResponse({ description: 'No programme has this code' })
  get(@Param('code', CodePipe) code: string): Promise<LightRulesDto> {
    return this.lights.rulesOf(code);
  }

  @Put()
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Replace the programme\'s own thresholds (validated; audited as programme.light_rules). Lights change at the next recompute.' })
  @ApiOkResponse({ type: LightRulesDto })
  @ApiBadRequestResponse({ description: 'An unknown key, a value out of range, or yellow not before red; the error names rules.<key>' })
  put(@Param('code', CodePipe) code: string, @Body() body: PutLightRulesBody, @Ctx() ctx: RequestContext): Promise<LightRulesDto> {
    return this.lights.putRules(ctx, code, body.rules);
  }
}

@ApiBearerAuth()
@ApiTags('lights')
@Controller()
export class LightsController {
  constructor(private readonly lights: LightsService) {}

  @Post('lights/recompute')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Recompute the lights of a programme\'s sub-projects (or one) for a period (default: the current quarter); one audit event per changed light' })
  @ApiOkResponse({ type: RecomputeResultDto })
  @ApiBadRequestResponse({ description: 'Neither programme nor subProject, an unknown code, or a malformed or future period' })
  recompute(@Body() body: RecomputeLightsBody, @Ctx() ctx: RequestContext): Promise<RecomputeResultDto> {
    return this.lights.recomputeMany(ctx, body);
  }

  @Get('sub-projects/:code/lights')
  @AnyRole()
  @ApiOperation({ summary: 'A sub-project\'s lights per period: the colour shown, the computed colour with its reasons and figures, and any override' })
  @ApiOkResponse({ type: SubProjectLightsDto })
  @ApiNotFoundResponse({ description: 'No sub-project has this code (another organisation\'s answers the same)' })
  list(@Param('code', CodePipe) code: string, @CurrentActor() actor: Actor): Promise<SubProjectLightsDto> {
    return this.lights.lightsOf(code, scopeOf(actor));
  }

  @Post('sub-projects/:code/lights/:period/override')
  @HttpCode(200)
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Override a light with a written justification; the computed light is kept and the override shows as one' })
  @ApiOkResponse({ type: SubProjectLightDto })
  @ApiBadRequestResponse({ description: 'No or blank justification, an unknown colour, or a malformed or future period' })
  @ApiNotFoundResponse({ description: 'No sub-project has this code' })
  override(
    @Param('code', CodePipe) code: string, @Param('period', PeriodPipe) period: string, @Body() body: OverrideLightBody, @Ctx() ctx: RequestContext,
  ): Promise<SubProjectLightDto> {
    return this.lights.override(ctx, code, period, body.colour, body.justification);
  }

  @Delete('sub-projects/:code/lights/:period/override')
  @Allow(UserRole.Coordinator, UserRole.Admin)
  @ApiOperation({ summary: 'Remove the override: the computed light shows again (audited)' })
  @ApiOkResponse({ type: SubProjectLightDto })
  @ApiNotFoundResponse({ description: 'No sub-project has this code, or its light for the period has no override' })
  clear(@Param('code', CodePipe) code: string, @Param('period', PeriodPipe) period: string, @Ctx() ctx: RequestContext): Promise<SubProjectLightDto> {
    return this.lights.clearOverride(ctx, code, period);
  }
}
