// Leases: named, expiring, held by one instance at a time, so that of several on one database one does a job.

export interface Leases {
  /**
   * Takes the lease `name` for `holder` until `until` (ms), or renews it if `holder` has it already; false while
   * another holder's lease runs past `now`. Several instances on one database use it to let one of them do a job.
   */
  takeLease(name: string, holder: string, now: number, until: number): Promise<boolean>;
  /** Gives the lease up if `holder` still has it. */
  releaseLease(name: string, holder: string): Promise<void>;
}
