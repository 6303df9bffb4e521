// A question's distribution as a bar chart (recharts): the share of answers per scale point or per
// option, choices with their 95 % intervals as error bars. Loaded lazily like the intent chart; the
// same numbers are in a table beside it for screen readers, so the picture is hidden from them.
import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface DistributionBar {
  label: string;
  share: number;
  /** Distance from the share down to the interval's lower end and up to its upper end. */
  error?: [number, number];
}

export default function QuestionChart({ bars, axis }: { bars: DistributionBar[]; axis: string }) {
  return (
    <div className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart accessibilityLayer={false} data={bars} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" label={{ value: axis, position: 'insideBottom', offset: -4 }} height={40} interval={0} />
          <YAxis unit=" %" domain={[0, 100]} width={56} />
          <Tooltip formatter={(value) => `${String(value)} %`} />
          <Bar dataKey="share" name="Share of answers" fill="#3451b2" isAnimationActive={false}>
            {bars.some((bar) => bar.error) && <ErrorBar dataKey="error" width={6} stroke="#1b1f24" />}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
