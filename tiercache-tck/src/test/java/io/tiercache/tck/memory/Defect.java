package io.tiercache.tck.memory;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A defect planted in the {@code broken-memory} backend, named by its URI's {@code defect}. */
enum Defect {
  /** An overwrite leaves the key listed under the old entry's tags; tag queries trust the index. */
  STALE_TAGS_AFTER_OVERWRITE("stale-tags-after-overwrite"),
  /** invalidateByTag reports keys whose entries were already gone (expired), as if removed. */
  COUNTS_GONE_KEYS("counts-gone-keys"),
  /** An entry is still served at the instant of its staleUntil (off by one millisecond). */
  SERVES_AT_STALE_UNTIL("serves-at-stale-until"),
  /** A null key is taken as the key {@code "null"} instead of being rejected. */
  ACCEPTS_NULL_KEYS("accepts-null-keys"),
  /** An overwrite rewrites the stored bytes in place, so a concurrent reader sees half of each. */
  TORN_WRITES("torn-writes"),
  /** Undecodable stored bytes make reads fail instead of reading as a miss. */
  THROWS_ON_CORRUPT_BYTES("throws-on-corrupt-bytes"),
  /** close() does not stop the backend from serving. */
  USABLE_AFTER_CLOSE("usable-after-close");

  private final String id;

  Defect(String id) {
    this.id = id;
  }

  /** The name used in URIs. */
  String id() {
    return id;
  }

  /** The names of every defect. */
  static String[] ids() {
    return Arrays.stream(values()).map(Defect::id).toArray(String[]::new);
  }

  /** The defect of a name. */
  static Defect of(String id) {
    return Arrays.stream(values())
        .filter(d -> d.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown defect '" + id + "'; known: "
            + Arrays.stream(values()).map(Defect::id).collect(Collectors.joining(", "))));
  }
}
