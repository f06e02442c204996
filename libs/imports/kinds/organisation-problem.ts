import type { OrganisationMatch } from '../organisation-names.js';
import type { FieldProblem } from './kind.js';

/** An unknown name with the closest organisations, or a note that a former name was read as the current one. */
export function organisationProblem(field: string, text: string, match: OrganisationMatch): FieldProblem | null {
  if (match.kind === 'unknown') return { field, value: text, code: 'unknownOrganisation', params: { suggestions: match.suggestions } };
  if (match.formerName) return { field, value: text, code: 'formerOrganisationName', params: { current: match.name }, severity: 'warning' };
  return null;
}
