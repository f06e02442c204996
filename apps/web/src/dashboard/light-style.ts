import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconCircleX } from '@tabler/icons-react';
import type { Light } from './search';

/** Each light's tint, ink, border and icon (the same as the badges'), and the chart's bar colour; never colour alone. */
export const LIGHT_STYLE: Record<Light, { bg: string; fg: string; border: string; bar: string; icon: typeof IconCircleX }> = {
  green: { bg: '#d3f9d8', fg: '#1b4d24', border: '#2b8a3e', bar: '#2f9e44', icon: IconCircleCheck },
  yellow: { bg: '#fff3bf', fg: '#5c3d00', border: '#e67700', bar: '#f59f00', icon: IconAlertTriangle },
  red: { bg: '#ffe3e3', fg: '#8a1212', border: '#c92a2a', bar: '#e03131', icon: IconCircleX },
  white: { bg: '#f8f9fa', fg: '#343a40', border: '#868e96', bar: '#ced4da', icon: IconCircleDashed },
};

/** The order the dashboard shows them: what needs attention first. */
export const LIGHT_ORDER: Light[] = ['red', 'yellow', 'white', 'green'];
