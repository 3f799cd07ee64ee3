// Failures that say the database server is out of reach (stopped, restarting, the network cut), told apart from
// failures of a query: the first become FerryError 'unavailable' (503, try again), the second stay what they are.
// The pool gives up the broken connection either way and opens a new one for the next query.
import type { DatabaseConnection, Dialect, Driver } from 'kysely';
import { socketFailure, storeUnavailable } from '../model/errors.js';

/**
 * PostgreSQL: SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server shutting down or starting up);
 * pg's own errors for a connection that ended or could not be had have no code, only their words.
 */
const PG_SQLSTATE = /^(08...|57P0[123])$/;
const PG_CONNECTION_LOST =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Query read timeout)/;

export function serverUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (socketFailure(err)) return true;
  const { code, fatal } = err as Error & { code?: unknown; fatal?: unknown };
  if (typeof code === 'string' && PG_SQLSTATE.test(code)) return true;
  // mysql2 marks the errors after which its connection is unusable (lost, closed, the server shutting down; a
  // query timed out, marked by query-timeouts.ts).
  if (fatal === true) return true;
  return PG_CONNECTION_LOST.test(err.message);
}

const STORE = 'the metadata database';

function translated(err: unknown): unknown {
  return serverUnreachable(err) ? storeUnavailable(STORE, err) : err;
}

const translating = new WeakSet<DatabaseConnection>();

/** `dialect` whose connections, and the getting of them, throw FerryError 'unavailable' when the server is out of reach. */
export function reportingUnreachable(dialect: Dialect): Dialect {
  return {
    createDriver: () => translatingDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

/**
 * The driver itself, its connections patched in place rather than wrapped: the driver gets its own connection
 * objects back (beginTransaction, releaseConnection) and keeps them per client, so each is patched once.
 */
function translatingDriver(driver: Driver): Driver {
  const acquire = driver.acquireConnection.bind(driver);
  driver.acquireConnection = async () => {
    const connection = await acquire().catch((err: unknown) => Promise.reject(translated(err)));
    if (translating.has(connection)) return connection;
    translating.add(connection);
    const execute = connection.executeQuery.bind(connection);
    connection.executeQuery = ((query) =>
      execute(query).catch((err: unknown) => Promise.reject(translated(err)))) as DatabaseConnection['executeQuery'];
    return connection;
  };
  return driver;
}
