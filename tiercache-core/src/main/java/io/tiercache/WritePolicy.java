package io.tiercache;

/** Which tiers a write (a put, or a loaded value) goes to. */
public enum WritePolicy {
  /**
   * Every tier, the lowest first; entries too large for a tier skip it, and so do writes an upper
   * tier's promotion strategy declines ({@link io.tiercache.spi.PromotionStrategy#admitWrite}).
   */
  WRITE_THROUGH,
  /**
   * The lowest tier only; the upper tiers drop their old copy and fill again by promotion when the
   * key is read.
   */
  WRITE_AROUND
}
