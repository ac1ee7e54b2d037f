package io.tiercache.backend.hazelcast;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.tiercache.codec.EntryFormat;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the map holds under a key: the entry framed by {@link EntryFormat} (value, expiry, stale
 * window, tags, checksum), plus copies of its tags and of its {@code staleUntil} as fields of their
 * own, which the cluster can index and query without knowing this class.
 *
 * <p>It travels in Hazelcast's Compact format, type {@value #TYPE_NAME}, written by
 * {@link Serializer} (no reflection). Members read its fields through the schema the writer
 * registered with the cluster, so a cluster's members need no tiercache class to store, index,
 * query or compare these records. Immutable.
 */
final class StoredEntry {

  /** The Compact type name. */
  static final String TYPE_NAME = "tiercache.entry";

  /** The field holding the framed entry ({@code ARRAY_OF_INT8}). */
  static final String ENTRY = "entry";

  /** The field holding the tags ({@code ARRAY_OF_STRING}), indexed as {@code tags[any]}. */
  static final String TAGS = "tags";

  /** The field holding {@code staleUntil} in epoch ms ({@code INT64}). */
  static final String STALE_UNTIL = "staleUntil";

  private static final String[] NO_TAGS = new String[0];

  private final byte @Nullable [] frame;
  private final String[] tags;
  private final long staleUntil;

  StoredEntry(byte @Nullable [] frame, String[] tags, long staleUntil) {
    this.frame = frame;
    this.tags = tags;
    this.staleUntil = staleUntil;
  }

  /**
   * Frames an entry for the map.
   *
   * @throws IllegalArgumentException if the codec cannot encode the value or there are too many
   *     tags
   */
  static <V> StoredEntry of(CacheEntry<V> entry, ValueCodec<V> codec) {
    String[] tags = entry.tags().toArray(NO_TAGS);
    Arrays.sort(tags);
    return new StoredEntry(EntryFormat.encode(entry, codec), tags, entry.staleUntil());
  }

  /** The framed entry, or {@code null} if the record had none (not written by tiercache). */
  byte @Nullable [] frame() {
    return frame;
  }

  long staleUntil() {
    return staleUntil;
  }

  /** Tells whether the entry is still to be returned at {@code nowMillis}. */
  boolean isLiveAt(long nowMillis) {
    return nowMillis < staleUntil;
  }

  /** Tells whether another record holds the same frame, tags and staleUntil. */
  boolean sameFields(StoredEntry other) {
    return Arrays.equals(frame, other.frame)
        && Arrays.equals(tags, other.tags)
        && staleUntil == other.staleUntil;
  }

  @Override
  public String toString() {
    return "StoredEntry[" + (frame == null ? "no entry" : frame.length + " bytes") + ", tags "
        + Arrays.toString(tags) + ", staleUntil " + staleUntil + "]";
  }

  /**
   * Writes and reads {@link StoredEntry} records in Compact format. Reading is lenient: a record
   * of this type name that lacks a field, or holds one of another kind, is read with that field
   * missing, so that the tier reports it as a corrupt entry instead of failing the read.
   */
  static final class Serializer implements CompactSerializer<StoredEntry> {

    @Override
    public StoredEntry read(CompactReader reader) {
      byte[] frame =
          reader.getFieldKind(ENTRY) == FieldKind.ARRAY_OF_INT8
              ? reader.readArrayOfInt8(ENTRY)
              : null;
      String[] tags = NO_TAGS;
      if (reader.getFieldKind(TAGS) == FieldKind.ARRAY_OF_STRING) {
        String[] read = reader.readArrayOfString(TAGS);
        if (read != null) {
          List<String> present = new ArrayList<>(read.length);
          for (String tag : read) {
            if (tag != null) {
              present.add(tag);
            }
          }
          tags = present.toArray(NO_TAGS);
        }
      }
      // Without its staleUntil a record is kept live, so that a read meets it and reports it.
      long staleUntil =
          reader.getFieldKind(STALE_UNTIL) == FieldKind.INT64
              ? reader.readInt64(STALE_UNTIL)
              : Long.MAX_VALUE;
      return new StoredEntry(frame, tags, staleUntil);
    }

    @Override
    public void write(CompactWriter writer, StoredEntry entry) {
      writer.writeArrayOfInt8(ENTRY, entry.frame);
      writer.writeArrayOfString(TAGS, entry.tags);
      writer.writeInt64(STALE_UNTIL, entry.staleUntil);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<StoredEntry> getCompactClass() {
      return StoredEntry.class;
    }
  }
}
