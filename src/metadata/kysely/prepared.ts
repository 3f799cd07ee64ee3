// Queries of the hottest lookups built and compiled by Kysely once, then run with each call's values: building and
// compiling GET /upload/:id's two queries cost it as much CPU as SQLite spent running them.
import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';

type Value = string | number;

/**
 * A query from `build`, whose arguments must each reach the SQL as one parameter of its own (a value compared, never
 * one that changes the query's shape, as a list's length or a choice between conditions would). It is built once,
 * at the first call, from stand-ins of the same types; each call puts its values in the stand-ins' places.
 */
export function prepared<DB, Args extends Value[], Row>(
  db: Kysely<DB>,
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>,
): (...args: Args) => Promise<Row[]> {
  let compiled: { query: CompiledQuery<Row>; places: number[] } | undefined;
  return async (...args) => {
    compiled ??= compile(db, build, args);
    const { query, places } = compiled;
    const parameters = [...query.parameters];
    places.forEach((place, i) => {
      parameters[place] = args[i];
    });
    const result = await db.executeQuery<Row>({ ...query, queryId: createQueryId(), parameters });
    return result.rows;
  };
}

function compile<DB, Args extends Value[], Row>(
  db: Kysely<DB>,
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>,
  args: Args,
): { query: CompiledQuery<Row>; places: number[] } {
  // Values no caller passes: a string no id has, a number no time or size is.
  const standIns = args.map((arg, i) => (typeof arg === 'string' ? `\u0000prepared-${i}` : -1e15 - i)) as Args;
  const query = build(db, ...standIns).compile();
  const places = standIns.map((standIn) => {
    const found = query.parameters.flatMap((parameter, place) => (Object.is(parameter, standIn) ? [place] : []));
    if (found.length !== 1) throw new Error(`prepared query: an argument is ${found.length} parameters of ${query.sql}`);
    return found[0]!;
  });
  return { query, places };
}
