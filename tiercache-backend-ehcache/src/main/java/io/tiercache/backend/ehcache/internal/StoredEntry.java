package io.tiercache.backend.ehcache.internal;

import io.tiercache.spi.CacheEntry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the entries cache holds under a key: a tiercache entry, or, read from off-heap or disk,
 * bytes that are not one. One class for every case, because Ehcache requires that what a
 * serializer reads back is of the class it wrote.
 *
 * <ul>
 *   <li>In a heap-only tier it holds the entry by reference.
 *   <li>Written to a tier that stores bytes it also holds its frame (see
 *       {@link StoredEntrySerializer}), encoded once by the writing thread before Ehcache is
 *       called, so that a value the codec cannot encode fails the write before anything changed.
 *   <li>Read from bytes it holds the decoded entry and the fingerprint of the key it was written
 *       under; or, if the bytes are damaged, foreign, written by another codec or under another
 *       key, the reason they were rejected.
 * </ul>
 *
 * <p>Immutable.
 */
public final class StoredEntry {

  private final boolean byReference;
  private final @Nullable CacheEntry<?> entry;
  private final long keyFingerprint;
  private final byte @Nullable [] frame;
  private final @Nullable String problem;

  private StoredEntry(
      boolean byReference,
      @Nullable CacheEntry<?> entry,
      long keyFingerprint,
      byte @Nullable [] frame,
      @Nullable String problem) {
    this.byReference = byReference;
    this.entry = entry;
    this.keyFingerprint = keyFingerprint;
    this.frame = frame;
    this.problem = problem;
  }

  /**
   * An entry held by reference, in a heap-only tier.
   *
   * @param entry the entry
   * @return the stored form
   */
  public static StoredEntry byReference(CacheEntry<?> entry) {
    return new StoredEntry(true, Objects.requireNonNull(entry, "entry"), 0, null, null);
  }

  /**
   * An entry with its frame, for a tier that stores bytes.
   *
   * @param entry the entry
   * @param keyFingerprint the fingerprint of the key it is written under
   * @param frame its encoded frame
   * @return the stored form
   */
  static StoredEntry encoded(CacheEntry<?> entry, long keyFingerprint, byte[] frame) {
    return new StoredEntry(false, entry, keyFingerprint, frame, null);
  }

  /**
   * An entry decoded from bytes.
   *
   * @param entry the entry
   * @param keyFingerprint the fingerprint of the key it was written under
   * @return the stored form
   */
  static StoredEntry decoded(CacheEntry<?> entry, long keyFingerprint) {
    return new StoredEntry(false, entry, keyFingerprint, null, null);
  }

  /**
   * Bytes that are not a valid entry.
   *
   * @param problem why they were rejected
   * @param bytes the bytes as read, kept so that they serialize back unchanged
   * @return the stored form
   */
  static StoredEntry rejected(String problem, byte[] bytes) {
    return new StoredEntry(false, null, 0, bytes, problem);
  }

  /**
   * Bytes to be stored as they are, bypassing the codec: for tests and diagnostics that need to
   * put foreign or damaged bytes into a store. Reading them back yields whatever they decode to.
   *
   * @param bytes the bytes
   * @return the stored form
   */
  public static StoredEntry raw(byte[] bytes) {
    return new StoredEntry(false, null, 0, bytes.clone(), null);
  }

  /**
   * Returns the entry, if this holds one whose bytes (if any) were valid.
   *
   * @return the entry, or {@code null} if the stored bytes were rejected or raw
   */
  public @Nullable CacheEntry<?> entry() {
    return entry;
  }

  /**
   * Tells whether this was stored under the given key: always for an entry held by reference;
   * for one read from bytes, when the fingerprint of the key it was written under matches.
   *
   * @param key the key it was read under
   * @return {@code true} if it belongs to the key
   */
  public boolean belongsTo(String key) {
    return byReference || keyFingerprint == StoredEntrySerializer.fingerprint(key);
  }

  /**
   * Returns why the stored bytes are not an entry.
   *
   * @return the reason, or {@code null} if this holds an entry
   */
  public @Nullable String problem() {
    return problem;
  }

  long keyFingerprint() {
    return keyFingerprint;
  }

  byte @Nullable [] frame() {
    return frame;
  }

  @Override
  public String toString() {
    if (entry != null) {
      return "StoredEntry[expiresAt=" + entry.expiresAt() + ", staleUntil=" + entry.staleUntil()
          + ", tags=" + entry.tags() + "]";
    }
    return problem != null ? "StoredEntry[rejected: " + problem + "]" : "StoredEntry[raw]";
  }
}
