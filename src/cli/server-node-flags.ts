// The Node flags the server runs best with. V8's young generation grows to 32 MiB by default and stays there: 2 MiB
// semi-spaces hold an idle server ~20 MB smaller. With them more objects reach the old generation, whose first limits
// are then so low that uploads ran into back-to-back full GCs (~65 per GiB, a third of the speed) in most runs: a
// 32 MB initial old space prevents that. --expose-gc lets transfers free the chunks they are done with
// (src/domain/reclaim.ts).
//
// npm start, the Dockerfile and the bench pass them to Node. They are not in the `ferry` command's shebang: `env -S`
// is GNU's and FreeBSD's, and busybox (Alpine), OpenBSD and NetBSD refuse it, so the command would not start there.
// NODE_OPTIONS refuses --initial-old-space-size, and the heap's sizes can only be chosen when Node starts.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2', '--initial-old-space-size=32', '--expose-gc'];

/**
 * Gives the server `gc` when Node was started without --expose-gc (a plain `ferry serve`): unlike the heap's sizes,
 * V8 lets that flag be set at run time, and a new context then holds the function.
 */
export function exposeGc(): void {
  const global = globalThis as { gc?: unknown };
  if (typeof global.gc === 'function') return;
  setFlagsFromString('--expose-gc');
  global.gc = runInNewContext('gc');
}
