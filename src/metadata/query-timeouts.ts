// A query that gets no answer (the link to the database cut, packets dropped, a server hung) fails after the
// config's QueryTimeout instead of waiting on the system's TCP timeouts, which take a quarter of an hour: its
// connection is dropped, so the pool opens a new one for the next query rather than queue it behind an answer
// that may never come, and the request gets 503 (unreachable.ts knows the drivers' words for it).
import type { Pool as MysqlPool, PoolConnection as MysqlConnection } from 'mysql2';
import type pg from 'pg';

/** How long a query may go unanswered, in ms; 0 for no limit. Changed in place: off while the schema migrates. */
export interface QueryDeadline {
  ms: number;
}

/** pg's own client-side timeout, per query (the connection's would bind the migrations too). */
const PG_TIMED_OUT = 'Query read timeout';
/** mysql2's error for a query's `timeout`, which leaves the connection waiting for the rest of the answer. */
const MYSQL_TIMED_OUT = 'PROTOCOL_SEQUENCE_TIMEOUT';

export function timingOutPostgres(pool: pg.Pool, deadline: QueryDeadline): void {
  pool.on('connect', (pooled) => {
    const client = pooled as pg.PoolClient & Pick<pg.Client, 'connection'>;
    // A connection dropped below while checked out says so as an 'error' too, which nobody else hears then (the pool
    // listens only to idle clients) and would end the process; its query has the error already.
    client.on('error', () => undefined);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // Kysely sends every query as (sql, parameters) and awaits the promise.
    client.query = ((text: unknown, ...rest: unknown[]) => {
      if (typeof text !== 'string' || deadline.ms === 0 || rest.length > 1) return query(text, ...rest);
      const answer = query({ text, values: rest[0], query_timeout: deadline.ms }) as Promise<unknown>;
      answer.catch((err: unknown) => {
        // pg stops waiting but keeps the query as the connection's active one: nothing more would run on it.
        if (err instanceof Error && err.message === PG_TIMED_OUT) client.connection.stream.destroy();
      });
      return answer;
    }) as typeof client.query;
  });
}

export function timingOutMysql(pool: MysqlPool, deadline: QueryDeadline): void {
  pool.on('connection', (connection: MysqlConnection) => {
    const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
    // Kysely calls query(sql, parameters, callback).
    connection.query = ((sql: unknown, values: unknown, callback: unknown) => {
      if (typeof sql !== 'string' || deadline.ms === 0 || typeof callback !== 'function') return query(sql, values, callback);
      return query(
        { sql, timeout: deadline.ms },
        values,
        (err: (Error & { code?: string; fatal?: boolean }) | null, ...result: unknown[]) => {
          if (err?.code === MYSQL_TIMED_OUT) {
            err.fatal = true;
            connection.destroy();
          }
          callback(err, ...result);
        },
      );
    }) as typeof connection.query;
  });
}
