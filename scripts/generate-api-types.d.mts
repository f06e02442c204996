export const OPENAPI_JSON: string;
export const SCHEMA_TS: string;
export const REGENERATE: string;
export function apiTypes(json: string): Promise<string>;
