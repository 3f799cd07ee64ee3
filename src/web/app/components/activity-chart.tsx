// Daily activity as the server counts it (Ferry's /me/activity or /activity): two bar charts drawn in SVG (counts,
// bytes), their totals in words, and every number in a table for whoever does not see the bars.
import { useEffect, useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { DayActivity } from '../api/types';
import { formatSize } from '../format';
import { Alert, Loading } from './ui';

type Measure = 'uploads' | 'downloads' | 'bytesUploaded' | 'bytesDownloaded';

interface Series {
  measure: Measure;
  label: string;
  /** The CSS class that colours its bars and legend. */
  tone: 'series-in' | 'series-out';
}

const COUNTS: Series[] = [
  { measure: 'uploads', label: 'Uploads', tone: 'series-in' },
  { measure: 'downloads', label: 'Downloads', tone: 'series-out' },
];
const BYTES: Series[] = [
  { measure: 'bytesUploaded', label: 'Bytes uploaded', tone: 'series-in' },
  { measure: 'bytesDownloaded', label: 'Bytes downloaded', tone: 'series-out' },
];
const PERIODS = [7, 30, 90];
/** The table's columns after the day: heading, and the cell of a day. */
const TABLE_COLUMNS: Array<[string, (day: DayActivity) => string | number]> = [
  ['Uploads', (day) => day.uploads],
  ['Files', (day) => day.files],
  ['Uploaded', (day) => formatSize(day.bytesUploaded)],
  ['Downloads', (day) => day.downloads],
  ['Downloaded', (day) => formatSize(day.bytesDownloaded)],
];

/** The drawing's own units; CSS scales it to the width it has. */
const WIDTH = 320;
const HEIGHT = 140;
const TOP = 18;
const BOTTOM = 22;

const total = (days: DayActivity[], measure: Measure) => days.reduce((sum, day) => sum + day[measure], 0);
const countOf = (value: number) => String(value);
const counted = (n: number, thing: string) => `${n} ${thing}${n === 1 ? '' : 's'}`;
/** 2026-12-02 → "2 Dec", read as UTC as the server counts. */
const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** `path`: me/activity (the user's) or activity (the whole server's, for admins). */
export function ActivityChart({ path, whose }: { path: 'me/activity' | 'activity'; whose: string }) {
  const id = useId();
  const [period, setPeriod] = useState(30);
  const [days, setDays] = useState<DayActivity[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let current = true;
    api<{ days: DayActivity[] }>(path, { query: { days: period } }).then(
      (answer) => {
        if (!current) return;
        setDays(answer.days);
        setError('');
      },
      (err) => current && setError(messageOf(err)),
    );
    return () => {
      current = false;
    };
  }, [path, period]);

  return (
    <section class="activity" aria-labelledby={`${id}-title`} data-testid="activity">
      <div class="title-row">
        <h2 id={`${id}-title`}>Activity</h2>
        <div class="row">
          <label for={`${id}-period`}>Period</label>
          <select id={`${id}-period`} value={period} onChange={(event) => setPeriod(Number(event.currentTarget.value))}>
            {PERIODS.map((n) => (
              <option key={n} value={n}>
                Last {n} days
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && <Alert>{error}</Alert>}
      {!days && !error && <Loading what="Loading the activity" />}
      {days && (
        <>
          <p class="hint" data-testid="activity-summary">
            {whose} in the last {days.length} days (UTC): {counted(total(days, 'uploads'), 'upload')},{' '}
            {counted(total(days, 'downloads'), 'download')}, {formatSize(total(days, 'bytesUploaded'))} uploaded,{' '}
            {formatSize(total(days, 'bytesDownloaded'))} downloaded.
          </p>
          <div class="charts">
            <BarChart title="Uploads and downloads per day" days={days} series={COUNTS} format={countOf} />
            <BarChart title="Bytes per day" days={days} series={BYTES} format={formatSize} />
          </div>
          <details>
            <summary>The numbers, day by day</summary>
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">Activity per day</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    {TABLE_COLUMNS.map(([label]) => (
                      <th key={label} scope="col">
                        {label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {[...days].reverse().map((day) => (
                    <tr key={day.day}>
                      <th scope="row">{day.day}</th>
                      {TABLE_COLUMNS.map(([label, cell]) => (
                        <td key={label}>{cell(day)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

/** Two series side by side for each day, scaled to the largest value; each bar says its day and value on hover. */
function BarChart({
  title,
  days,
  series,
  format,
}: {
  title: string;
  days: DayActivity[];
  series: Series[];
  format: (value: number) => string;
}) {
  const id = useId();
  const max = Math.max(0, ...days.flatMap((day) => series.map((s) => day[s.measure])));
  const plot = HEIGHT - TOP - BOTTOM;
  const slot = WIDTH / days.length;
  const bar = (slot * 0.8) / series.length;
  const totals = series.map((s) => `${format(total(days, s.measure))} ${s.label.toLowerCase()}`).join(', ');
  return (
    <figure class="chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-testid="activity-chart">
        <title>{title}</title>
        <desc id={`${id}-desc`}>
          {max === 0
            ? 'Nothing in this period.'
            : `In all: ${totals}. The most in one day: ${format(max)}. Every day's numbers are in the table below.`}
        </desc>
        <text class="chart-label" x={0} y={TOP - 4}>
          {format(max)}
        </text>
        <line class="chart-axis" x1={0} x2={WIDTH} y1={TOP + plot} y2={TOP + plot} />
        {max > 0 &&
          days.flatMap((day, i) =>
            series.map((s, j) => {
              const height = (day[s.measure] / max) * plot;
              if (height === 0) return null;
              return (
                <rect
                  key={`${day.day}-${s.measure}`}
                  class={s.tone}
                  x={i * slot + slot * 0.1 + j * bar}
                  y={TOP + plot - height}
                  width={bar}
                  height={height}
                >
                  <title>{`${day.day}: ${format(day[s.measure])} (${s.label.toLowerCase()})`}</title>
                </rect>
              );
            }),
          )}
        <text class="chart-label" x={0} y={HEIGHT - 4}>
          {shortDay(days[0]!.day)}
        </text>
        <text class="chart-label" x={WIDTH} y={HEIGHT - 4} text-anchor="end">
          {shortDay(days.at(-1)!.day)}
        </text>
      </svg>
      <ul class="chart-legend">
        {series.map((s) => (
          <li key={s.measure}>
            <span class={`swatch ${s.tone}`} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
