// Slows down password guessing: after too many failures for one key (an IP and a login, an IP and an upload)
// further attempts are refused for a while. Successful attempts cost nothing, so legitimate use is unaffected.
// The count lives in this process's memory: each instance behind a load balancer counts on its own.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { FerryError } from '../model/errors.js';

export class FailureThrottle {
  private readonly failures: RateLimiterMemory;

  constructor(maxFailures: number, windowSeconds: number) {
    this.failures = new RateLimiterMemory({ points: maxFailures, duration: windowSeconds, blockDuration: windowSeconds });
  }

  /**
   * Runs `attempt` unless `key` is blocked; a false result counts as a failure. The point is taken before the
   * attempt runs, in the same step as the check, so attempts running at once cannot all pass a check made before
   * any of them failed; a success, or an attempt that could not be made (it threw), gives it back.
   */
  async attempt(key: string, attempt: () => Promise<boolean>): Promise<boolean> {
    await consumeOrRefuse(this.failures, key, 1, 'too many failed attempts');
    let ok: boolean;
    try {
      ok = await attempt();
    } catch (err) {
      await this.failures.reward(key, 1);
      throw err;
    }
    if (ok) await this.failures.reward(key, 1);
    return ok;
  }
}

/**
 * Takes `points` for `key`, or refuses with 429: `message`, when to retry, and that as Retry-After. Every limiter
 * of Ferry's (password failures, per-address caps) refuses this one way.
 */
export async function consumeOrRefuse(limiter: RateLimiterMemory, key: string, points: number, message: string): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (refused) {
    if (!(refused instanceof RateLimiterRes)) throw refused;
    const seconds = Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
    throw new FerryError('too_many_requests', `${message}, retry in ${seconds}s`, seconds);
  }
}
