// An S3 server out of reach (down, restarting, the network cut, or answering 5xx) is told apart from S3 refusing a
// request: every command of the client then throws FerryError 'unavailable' (503, try again), the SDK's error as its
// cause. S3's own refusals (404, 403, NoSuchUpload) stay the S3ServiceExceptions the store looks for.
import { S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { socketFailure, storeUnavailable } from '../../model/errors.js';

export function s3Unreachable(err: unknown): boolean {
  if (socketFailure(err)) return true;
  // The SDK's own: the connection timed out (connectionTimeout), or the socket hung up on it.
  if (err instanceof Error && (err.name === 'TimeoutError' || /socket hang up/.test(err.message))) return true;
  return err instanceof S3ServiceException && (err.$metadata.httpStatusCode ?? 0) >= 500;
}

/** Makes `client`'s commands throw FerryError 'unavailable' when the server is out of reach, after the SDK's retries. */
export function reportingUnreachable(client: S3Client): S3Client {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        throw s3Unreachable(err) ? storeUnavailable('the object store', err) : err;
      }
    },
    // initialize: the first step, outside the retries, so that this sees the last attempt's failure.
    { step: 'initialize', name: 'ferryUnreachable' },
  );
  return client;
}
