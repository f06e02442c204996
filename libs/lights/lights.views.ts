import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsEnum, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { OrganisationRefDto, ProgrammeRefDto } from '../common/views.js';
import { PERIOD_MESSAGE, PERIOD_PATTERN } from './period.js';
import { LightColour } from './status-light.entity.js';

// ---- requests

export class PutLightRulesBody {
  @ApiProperty({
    description: 'The programme\'s own thresholds; keys left out take the defaults (an empty object restores them all). '
      + 'Keys: slipYellowPp, slipRedPp, overdueRedDays, budgetYellowBelowPct, budgetRedBelowPct, budgetFromQuarter.',
    example: { slipYellowPp: 15, slipRedPp: 25 },
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  @IsObject({ message: 'rules must be an object of thresholds, e.g. { "slipYellowPp": 15 }' })
  rules: Record<string, unknown>;
}

export class RecomputeLightsBody {
  @ApiPropertyOptional({ description: 'Every sub-project of this programme', example: 'aap2' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `programme ${CODE_MESSAGE}` }) @IsString({ message: 'programme must be a code' })
  programme?: string;

  @ApiPropertyOptional({ description: 'Only this sub-project', example: 'aap2-sp-12' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `subProject ${CODE_MESSAGE}` }) @IsString({ message: 'subProject must be a code' })
  subProject?: string;

  @ApiPropertyOptional({ description: 'Reporting period YYYY-Qn; the current quarter (Asia/Taipei) when left out', example: '2024-Q3' })
  @IsOptional() @Matches(PERIOD_PATTERN, { message: `period ${PERIOD_MESSAGE}` }) @IsString({ message: `period ${PERIOD_MESSAGE}` })
  period?: string;
}

export class OverrideLightBody {
  @ApiProperty({ enum: LightColour })
  @IsEnum(LightColour, { message: `colour must be one of ${Object.values(LightColour).join(', ')}` })
  colour: LightColour;

  @ApiProperty({ description: 'Why the computed light is overridden (required, shown with the light)', example: '已於 10/15 追加預算，執行率將於下季回升' })
  @MaxLength(2000, { message: 'justification must be at most 2000 characters' })
  @Matches(/\S/, { message: 'justification must not be blank: say why the light is overridden' })
  @IsString({ message: 'justification is required: say why the light is overridden' })
  justification: string;
}

// ---- responses

export class LightReasonDto {
  @ApiProperty({ example: 'schedule_slip', description: 'not_started, not_reported, schedule_slip, overdue_milestones, low_budget_execution, on_track' }) code: string;
  @ApiProperty({ example: '進度落後 12.5 個百分點（預定 50%，實際 37.5%），達 10 個百分點即黃燈' }) zh: string;
  @ApiProperty({ example: 'Behind schedule by 12.5 pp (planned 50%, reported 37.5%); 10 pp or more is yellow' }) en: string;
}

/** Not the { id, displayName } UserRefDto of submissions and gates: its own name in the OpenAPI document. */
@ApiSchema({ name: 'UserWithEmailRefDto' })
export class UserRefDto {
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
}

export class LightOverrideDto {
  @ApiProperty({ enum: LightColour }) colour: LightColour;
  @ApiProperty() justification: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) by: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
}

export class StatusLightDto {
  @ApiProperty({ example: '2024-Q3' }) period: string;
  @ApiProperty({ enum: LightColour, description: 'The light shown: the override when there is one, else the computed light' }) colour: LightColour;
  @ApiProperty({ enum: LightColour }) computedColour: LightColour;
  @ApiProperty({ type: [LightReasonDto], description: 'Why the computed light has its colour' }) reasons: LightReasonDto[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The figures the rules looked at' }) inputs: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) computedAt: string;
  @ApiProperty({ type: LightOverrideDto, nullable: true }) overridden: LightOverrideDto | null;
}

export class SubProjectRefDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) lead: OrganisationRefDto | null;
}

export class SubProjectLightsDto {
  @ApiProperty({ type: SubProjectRefDto }) subProject: SubProjectRefDto;
  @ApiProperty({ type: [StatusLightDto], description: 'Latest period first' }) lights: StatusLightDto[];
}

export class SubProjectLightDto {
  @ApiProperty({ type: SubProjectRefDto }) subProject: SubProjectRefDto;
  @ApiProperty({ type: StatusLightDto }) light: StatusLightDto;
}

export class ColourCountsDto {
  @ApiProperty() green: number;
  @ApiProperty() yellow: number;
  @ApiProperty() red: number;
  @ApiProperty() white: number;
}

export class RecomputeResultDto {
  @ApiProperty({ type: String, nullable: true }) programme: string | null;
  @ApiProperty({ type: String, nullable: true }) subProject: string | null;
  @ApiProperty() period: string;
  @ApiProperty({ description: 'Sub-projects recomputed' }) total: number;
  @ApiProperty({ type: ColourCountsDto, description: 'Computed colours' }) counts: ColourCountsDto;
  @ApiProperty({ description: 'Lights whose colour or reasons changed (one audit event each)' }) changed: number;
  @ApiProperty({ description: 'Lights that keep a coordinator\'s override (shown instead of the computed colour)' }) overridden: number;
}

export class LightRuleKeyDto {
  @ApiProperty() key: string;
  @ApiProperty() value: number;
  @ApiProperty() default: number;
  @ApiProperty() overridden: boolean;
  @ApiProperty() min: number;
  @ApiProperty() max: number;
  @ApiProperty() integer: boolean;
  @ApiProperty() zh: string;
  @ApiProperty() en: string;
}

export class LightRulesDto {
  @ApiProperty({ type: ProgrammeRefDto }) programme: ProgrammeRefDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'The effective thresholds: defaults merged with the programme\'s own' }) rules: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) defaults: Record<string, number>;
  @ApiProperty({ type: [String], description: 'Keys the programme sets itself' }) overridden: string[];
  @ApiProperty({ type: [LightRuleKeyDto] }) keys: LightRuleKeyDto[];
}
