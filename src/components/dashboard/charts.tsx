"use client";

import { useFormatter, useTranslations } from "next-intl";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useDurations } from "./duration";

/** The palette of the charts: brand green first, then colours that stay apart for colour-blind readers. */
export const CHART_COLORS = ["#059669", "#0ea5e9", "#f59e0b", "#8b5cf6", "#64748b", "#ef4444"];

const axis = { fontSize: 12, fill: "var(--color-slate-500)" };
const tooltipStyle = {
  borderRadius: 8,
  border: "1px solid var(--color-slate-200)",
  backgroundColor: "var(--color-white)",
  fontSize: 12,
  boxShadow: "0 1px 2px rgb(0 0 0 / 0.05)",
};

/** "2026-11-19" → "Nov 19" / "19 Nov" (the date is already the workspace's local day; formatting it in UTC must not shift it). */
function useDayLabel() {
  const format = useFormatter();
  return (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { month: "short", day: "numeric", timeZone: "UTC" });
}

export interface Series {
  key: string;
  label: string;
}

/** Values per local day: bars (stacked when several series) or a line. */
export function DailyChart<Row extends { day: string }>(props: {
  data: Row[];
  series: Series[];
  kind: "bar" | "line";
  label: string;
  /** How values read: counts, or seconds shown as a duration. A name, not a function: props come from the server. */
  unit?: "count" | "duration";
  height?: number;
}) {
  const durations = useDurations();
  const dayLabel = useDayLabel();
  const format = props.unit === "duration" ? durations.exact : durations.count;
  const tick = props.unit === "duration" ? durations.short : durations.count;
  const common = {
    data: props.data,
    margin: { top: 8, right: 8, bottom: 0, left: -8 },
  };
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke="#f1f5f9" />
      <XAxis dataKey="day" tickFormatter={dayLabel} tick={axis} tickLine={false} axisLine={false} minTickGap={16} />
      <YAxis tick={axis} tickLine={false} axisLine={false} allowDecimals={false} tickFormatter={tick} width={56} />
      <Tooltip
        contentStyle={tooltipStyle}
        labelFormatter={(day) => dayLabel(String(day))}
        formatter={(value, name) => [value === null || value === undefined ? "–" : format(Number(value)), name]}
        cursor={{ fill: "#f8fafc" }}
      />
      {props.series.length > 1 && <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />}
    </>
  );
  return (
    <div role="img" aria-label={props.label}>
      <ResponsiveContainer width="100%" height={props.height ?? 220}>
        {props.kind === "bar" ? (
          <BarChart {...common}>
            {axes}
            {props.series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId={props.series.length > 1 ? "stack" : undefined}
                fill={CHART_COLORS[i % CHART_COLORS.length]}
                radius={i === props.series.length - 1 ? [3, 3, 0, 0] : 0}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        ) : (
          <LineChart {...common}>
            {axes}
            {props.series.map((s, i) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={CHART_COLORS[i % CHART_COLORS.length]}
                strokeWidth={2}
                dot={{ r: 2 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

export interface Category {
  name: string;
  value: number;
}

/** Horizontal bars, one per category (stages, agents). */
export function CategoryBars({ data, label, color = CHART_COLORS[0] }: { data: Category[]; label: string; color?: string }) {
  const t = useTranslations("dashboard.charts");
  const format = useFormatter();
  const count = (value: number) => format.number(value);
  return (
    <div role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={Math.max(120, data.length * 36 + 24)}>
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid horizontal={false} stroke="#f1f5f9" />
          <XAxis type="number" tick={axis} tickLine={false} axisLine={false} allowDecimals={false} tickFormatter={count} />
          <YAxis type="category" dataKey="name" tick={axis} tickLine={false} axisLine={false} width={120} />
          <Tooltip contentStyle={tooltipStyle} cursor={{ fill: "#f8fafc" }} formatter={(value) => count(Number(value))} />
          <Bar dataKey="value" name={t("count")} fill={color} radius={[0, 3, 3, 0]} barSize={18} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Shares of a whole (conversations by status). */
export function Donut({ data, label }: { data: Category[]; label: string }) {
  const format = useFormatter();
  return (
    <div role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={220}>
        <PieChart>
          <Pie data={data} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="85%" paddingAngle={2} isAnimationActive={false}>
            {data.map((entry, i) => (
              <Cell key={entry.name} fill={CHART_COLORS[i % CHART_COLORS.length]} />
            ))}
          </Pie>
          <Tooltip contentStyle={tooltipStyle} formatter={(value) => format.number(Number(value))} />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}
