package io.tiercache.backend.ehcache.internal;

import io.tiercache.backend.ehcache.internal.TagIndex.Member;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the tags cache of a persistent tier holds: under a tag, the keys whose entries carry it
 * (each with its entry's {@code staleUntil}); under the reserved key {@link #MANIFEST_KEY}, how
 * many tags and keys were written, so that a reader can tell a whole snapshot from a partial
 * one, and the fingerprint of the codec the entries were written with. One class for every case, because Ehcache requires that what a serializer reads back is of
 * the class it wrote; bytes that fail their checksum read as a record that says why.
 *
 * <p>Immutable.
 */
public final class TagRecord {

  /** The key of the manifest: blank, so never a tag. */
  public static final String MANIFEST_KEY = "";

  private final List<Member> members;
  private final long tagCount;
  private final long memberCount;
  private final int codecFingerprint;
  private final boolean manifest;
  private final @Nullable String problem;

  private TagRecord(
      List<Member> members,
      long tagCount,
      long memberCount,
      int codecFingerprint,
      boolean manifest,
      @Nullable String problem) {
    this.members = members;
    this.tagCount = tagCount;
    this.memberCount = memberCount;
    this.codecFingerprint = codecFingerprint;
    this.manifest = manifest;
    this.problem = problem;
  }

  /**
   * The keys listed under one tag.
   *
   * @param members the keys with their entries' {@code staleUntil}
   * @return the record
   */
  public static TagRecord members(List<Member> members) {
    return new TagRecord(List.copyOf(members), 0, 0, 0, false, null);
  }

  /**
   * The manifest of a whole snapshot.
   *
   * @param tagCount the number of tag records written
   * @param memberCount the number of keys they list in all
   * @param codecFingerprint the {@linkplain io.tiercache.codec.EntryFormat#fingerprint
   *     fingerprint} of the codec the entries were written with
   * @return the record
   */
  public static TagRecord manifest(long tagCount, long memberCount, int codecFingerprint) {
    return new TagRecord(List.of(), tagCount, memberCount, codecFingerprint, true, null);
  }

  /**
   * Bytes that are not a valid record.
   *
   * @param problem why
   * @return the record
   */
  static TagRecord rejected(String problem) {
    return new TagRecord(List.of(), 0, 0, 0, false, Objects.requireNonNull(problem, "problem"));
  }

  /**
   * Returns the keys of a tag record.
   *
   * @return the members; empty for a manifest
   */
  public List<Member> members() {
    return members;
  }

  /**
   * Tells whether this is the manifest.
   *
   * @return {@code true} for the manifest
   */
  public boolean isManifest() {
    return manifest;
  }

  /**
   * Returns the number of tag records of the snapshot, as the manifest says.
   *
   * @return the count; 0 for a tag record
   */
  public long tagCount() {
    return tagCount;
  }

  /**
   * Returns the number of keys listed by the snapshot's tag records, as the manifest says.
   *
   * @return the count; 0 for a tag record
   */
  public long memberCount() {
    return memberCount;
  }

  /**
   * Returns the fingerprint of the codec the entries were written with, as the manifest says.
   *
   * @return the fingerprint; 0 for a tag record
   */
  public int codecFingerprint() {
    return codecFingerprint;
  }

  /**
   * Returns why the stored bytes are not a record.
   *
   * @return the reason, or {@code null} if the record is valid
   */
  public @Nullable String problem() {
    return problem;
  }

  @Override
  public String toString() {
    if (problem != null) {
      return "TagRecord[rejected: " + problem + "]";
    }
    return manifest
        ? "TagRecord[manifest: " + tagCount + " tags, " + memberCount + " keys]"
        : "TagRecord[" + members.size() + " keys]";
  }
}
