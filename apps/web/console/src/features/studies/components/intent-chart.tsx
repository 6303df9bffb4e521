// The intent distribution (1–10) of every product side by side, as a bar chart (recharts). Loaded
// lazily: the chart library is the console's largest dependency and only this page needs it. Screen
// readers get the same numbers as a table beside it, so the picture itself is hidden from them.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const COLOURS = ['#3451b2', '#d9730d', '#0f7b6c', '#ad1a72', '#6940a5', '#64473a', '#2f6f9f', '#8a8a00', '#b5432f', '#4d6b00'];

export interface ChartSeries {
  name: string;
  distribution: number[];
}

export default function IntentChart({ series }: { series: ChartSeries[] }) {
  const data = Array.from({ length: 10 }, (_, i) => ({
    intent: String(i + 1),
    ...Object.fromEntries(series.map((s) => [s.name, s.distribution[i] ?? 0])),
  }));
  return (
    <div className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="intent" label={{ value: 'Purchase intent', position: 'insideBottom', offset: -4 }} height={40} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend verticalAlign="top" />
          {series.map((s, i) => (
            <Bar key={s.name} dataKey={s.name} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
