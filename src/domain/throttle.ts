// Slows down password guessing: after too many failures for one key (an IP and a login, an IP and an upload)
// further attempts are refused for a while. Successful attempts cost nothing, so legitimate use is unaffected.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { FerryError } from './errors.js';

export class FailureThrottle {
  private readonly failures: RateLimiterMemory;

  constructor(maxFailures: number, windowSeconds: number) {
    this.failures = new RateLimiterMemory({ points: maxFailures, duration: windowSeconds, blockDuration: windowSeconds });
  }

  /** Runs `attempt` unless `key` is blocked; a false result counts as a failure. */
  async attempt(key: string, attempt: () => Promise<boolean>): Promise<boolean> {
    const state = await this.failures.get(key);
    if (state && state.remainingPoints <= 0) {
      throw new FerryError('too_many_requests', `too many failed attempts, retry in ${Math.ceil(state.msBeforeNext / 1000)}s`);
    }
    const ok = await attempt();
    if (!ok) await this.failures.penalty(key, 1);
    return ok;
  }
}
