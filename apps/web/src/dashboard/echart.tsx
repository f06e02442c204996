import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer]);

/**
 * An ECharts chart drawn as SVG, with ECharts' ARIA description (aria.enabled) as the image's name and decal
 * patterns so that series differ by more than colour. Every chart on the dashboard has a table of the same figures.
 */
export default function EChart({ option, height, label, description }: { option: EChartsCoreOption; height: number; label: string; description: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      // Our own description (in the page's language, with every figure): ECharts' generated one is Simplified Chinese.
      aria: { enabled: true, label: { enabled: true, description: `${label}。${description}` }, decal: { show: true } },
      textStyle: { fontFamily: 'inherit' },
      ...option,
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [option, label, description]);
  return <div ref={ref} role="img" aria-label={`${label}。${description}`} style={{ width: '100%', height }} />;
}
