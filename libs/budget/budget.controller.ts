import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../access/policy.js';
import { CodePipe } from '../common/code.pipe.js';
import { BudgetService } from './budget.service.js';
import { BudgetSummaryDto } from './budget.views.js';

@ApiBearerAuth()
@ApiTags('budget')
@Controller('programmes/:code/budget-summary')
export class BudgetController {
  constructor(private readonly budget: BudgetService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Budget per axis × year × existing/new with all subtotals, and the printed totals checked against them (億元)' })
  @ApiOkResponse({ type: BudgetSummaryDto })
  @ApiNotFoundResponse({ description: 'No programme has this code' })
  summary(@Param('code', CodePipe) code: string): Promise<BudgetSummaryDto> {
    return this.budget.summary(code);
  }
}
