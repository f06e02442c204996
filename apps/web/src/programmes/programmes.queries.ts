import { queryOptions } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';

export type ProgrammeTree = Schemas['ProgrammeTreeDto'];
export type AxisTree = Schemas['AxisTreeDto'];
export type KeyResult = Schemas['KeyResultDto'];
export type BudgetSummary = Schemas['BudgetSummaryDto'];

export const programmeTreeQuery = (code: string) =>
  queryOptions({ queryKey: ['programme', code, 'tree'], queryFn: () => unwrap(api.GET('/api/programmes/{code}', { params: { path: { code } } })) });

export const budgetSummaryQuery = (code: string) =>
  queryOptions({
    queryKey: ['programme', code, 'budget'],
    queryFn: () => unwrap(api.GET('/api/programmes/{code}/budget-summary', { params: { path: { code } } })),
    staleTime: 10 * 60_000,
  });
