package io.tiercache;

/** The state of a tier's circuit breaker. */
public enum BreakerState {
  /** Calls go to the tier. */
  CLOSED,
  /** The tier failed repeatedly: calls are skipped (reads miss, writes are dropped). */
  OPEN,
  /** After a cool-down, one probe call goes to the tier; its outcome closes or reopens it. */
  HALF_OPEN
}
