// Prometheus metrics on MetricsPort: scraped over HTTP from a real Ferry, before and after an upload, a download
// and a cleanup sweep, so that each counter is seen to move by what happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/server.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl } from '../helpers/plik-client.js';

let ferry: TestFerry;
let metricsUrl: string;

beforeAll(async () => {
  // MetricsPort 0 means no metrics: the test needs a real port, free right now.
  const port = await freePort();
  ferry = await startTestFerry({ MetricsPort: port, MetricsAddress: '127.0.0.1' });
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
});
afterAll(() => ferry?.close());

async function scrape(): Promise<string> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample, `name{label="value",…}` exactly as Prometheus' text format writes it; 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((row) => row.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('metrics on MetricsPort', () => {
  it('count requests by route and status, uploads, downloads, bytes, totals, cleanup sweeps and store calls', async () => {
    const before = await scrape();
    const content = 'x'.repeat(100_000);
    const upload = await createUpload(ferry.url);
    const file = await addFile(ferry.url, upload, content, 'metrics.txt');
    const download = await fetch(fileUrl(ferry.url, upload, file));
    expect(await download.text()).toBe(content);
    expect((await fetch(`${ferry.url}/upload/no-such-upload`)).status).toBe(404);
    await ferry.cleanup.run();
    const after = await scrape();

    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('plik_http_request_total{method="POST",path="/upload",code="200"}')).toBe(1);
    expect(moved('plik_http_request_total{method="POST",path="/file/:uploadId",code="200"}')).toBe(1);
    expect(moved('plik_http_request_total{method="GET",path="/upload/:uploadId",code="404"}')).toBe(1);
    expect(moved('ferry_uploads_created_total')).toBe(1);
    expect(moved('ferry_files_uploaded_total{deduplicated="false"}')).toBe(1);
    expect(moved('ferry_files_uploaded_bytes_total')).toBe(content.length);
    expect(moved('ferry_downloads_total{kind="file",partial="false"}')).toBe(1);
    expect(moved('ferry_downloaded_bytes_total')).toBe(content.length);
    // The bytes the connections carried: the file each way, and headers besides.
    expect(moved('ferry_http_received_bytes_total')).toBeGreaterThan(content.length);
    expect(moved('ferry_http_sent_bytes_total')).toBeGreaterThan(content.length);
    expect(sample(after, 'ferry_http_requests_in_flight')).toBe(0);
    // Totals as GET /stats counts them, from the database at each scrape.
    expect(sample(after, 'plik_uploads_count')).toBe(1);
    expect(sample(after, 'plik_files_count')).toBe(1);
    expect(sample(after, 'plik_size_bytes')).toBe(content.length);
    expect(moved('plik_cleaning_duration_second_count')).toBe(1);
    expect(sample(after, 'plik_last_cleaning_timestamp')).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(moved('ferry_metadata_query_duration_seconds_count{outcome="ok"}')).toBeGreaterThan(3);
    expect(moved('ferry_data_store_operation_duration_seconds_count{operation="write",outcome="ok"}')).toBe(1);
    expect(moved('ferry_data_store_operation_duration_seconds_count{operation="read",outcome="ok"}')).toBe(1);
    expect(sample(after, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('serves only /metrics on its port, and nothing of it on the public one', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404);
    const publicAnswer = await fetch(`${ferry.url}/metrics`);
    expect(await publicAnswer.text()).not.toContain('plik_http_request_total');
  });
});
