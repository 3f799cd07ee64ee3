// The Node flags the server runs best with, each measured by `npm run bench`:
// - V8's young generation grows to 32 MiB by default and stays there: 2 MiB semi-spaces hold an idle server ~20 MB
//   smaller.
// - With them more objects reach the old generation, whose first limits are then so low that uploads ran into
//   back-to-back full GCs (~65 per GiB, a third of the speed) in most runs: a 32 MB initial old space prevents that.
// - Once the server had idled some seconds, downloads ran into incremental markings each started at once after the
//   last (~30 full GCs per GiB, 500-700 MB/s instead of ~2 GB/s, in 5 of 6 downloads after a pause). With atomic
//   marking a full GC comes only when the heap needs one; the old generation here is some 20-30 MB, marked in
//   milliseconds.
// - --expose-gc lets transfers free the chunks they are done with (src/runtime/reclaim.ts).
//
// npm start, the Dockerfile and the bench pass them to Node. They are not in the `ferry` command's shebang: `env -S`
// is GNU's and FreeBSD's, and busybox (Alpine), OpenBSD and NetBSD refuse it, so the command would not start there.
// NODE_OPTIONS refuses --initial-old-space-size, and the heap's sizes can only be chosen when Node starts.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2', '--initial-old-space-size=32', '--no-incremental-marking', '--expose-gc'];
