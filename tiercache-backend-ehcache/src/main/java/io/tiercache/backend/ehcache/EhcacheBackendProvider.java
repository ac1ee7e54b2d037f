package io.tiercache.backend.ehcache;

import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import io.tiercache.config.OptionType;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Creates in-process tiers on Ehcache 3 for the URI scheme {@code ehcache}, as in
 * {@code ehcache:heap?entries=10000} or
 * {@code ehcache:/var/cache/app?disk=512MB&offheap=64MB&persistent=true}. Found by
 * {@link java.util.ServiceLoader}; users do not call it directly. Its options and the tiers'
 * behaviour are described in the {@linkplain io.tiercache.backend.ehcache package
 * documentation}.
 *
 * <p>Stateless and safe for concurrent use.
 */
public final class EhcacheBackendProvider implements BackendProvider {

  /** The number of entries the heap tier holds when {@code entries} is not given. */
  public static final long DEFAULT_ENTRIES = 10_000;

  /** The smallest off-heap tier Ehcache makes: 1 MB. */
  public static final long MINIMUM_OFFHEAP_BYTES = 1L << 20;

  /**
   * The location of a tier that lives in memory only: {@code ehcache:heap}. Any other location
   * is the folder of a disk store.
   */
  public static final String IN_MEMORY = "heap";

  /**
   * The largest entry a tier that stores bytes accepts is its lowest tier's size (disk, else
   * off-heap) divided by this. Ehcache cannot store an entry larger than about half of a disk
   * tier, or than its off-heap tier, and fails earlier once the store is fragmented.
   */
  public static final int ENTRY_SIZE_DIVISOR = 8;

  private static final String SCHEME = "ehcache";
  private static final String EXPECTED_FORM =
      "'ehcache:heap?entries=10000', or a folder for a disk store as in"
          + " 'ehcache:/var/cache/app?disk=512MB'";

  /** The size of the heap tier, in entries. */
  static final Option<Long> ENTRIES =
      Option.of(
          "entries",
          OptionType.integer(1, Integer.MAX_VALUE),
          DEFAULT_ENTRIES,
          "the most entries the heap tier holds (Ehcache sizes its heap in entries)");

  /** The size of the off-heap tier. */
  static final Option<Long> OFFHEAP =
      Option.of(
          "offheap",
          OptionType.size(),
          null,
          "adds an off-heap tier of this size, at least 1MB; values are stored there as bytes"
              + " through the stack's codec");

  /** The size of the disk tier. */
  static final Option<Long> DISK =
      Option.of(
          "disk",
          OptionType.size(),
          null,
          "adds a disk tier of this size in the folder the URI names (larger than offheap);"
              + " values are stored there as bytes through the stack's codec");

  /** Whether the disk tier keeps its entries when the tier is closed. */
  static final Option<Boolean> PERSISTENT =
      Option.of(
          "persistent",
          OptionType.bool(),
          Boolean.FALSE,
          "keeps the disk tier's entries, lifetimes and tags when the tier closes, to be read"
              + " back when it opens again (needs disk)");

  private static final List<Option<?>> OPTIONS = List.of(ENTRIES, OFFHEAP, DISK, PERSISTENT);

  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public EhcacheBackendProvider() {}

  /**
   * Returns the one scheme served, {@code ehcache}.
   *
   * @return {@code [ehcache]}
   */
  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  /**
   * Returns {@code entries}, {@code offheap}, {@code disk} and {@code persistent}; the common
   * options are added by the registry.
   *
   * @return the options, always the same instances
   */
  @Override
  public List<Option<?>> options() {
    return OPTIONS;
  }

  @Override
  public String description() {
    return "in-process tier on Ehcache 3: heap (entries), off-heap and disk (sizes), the disk"
        + " optionally persistent across restarts";
  }

  /**
   * Checks that the URI is {@code ehcache:<location>} where the location is {@code heap} or a
   * folder; that a folder comes with {@code disk} and {@code disk} with a folder; that
   * {@code persistent=true} comes with {@code disk}; and that the sizes are what Ehcache accepts:
   * {@code offheap} at least 1 MB and smaller than {@code disk}. A problem that concerns two
   * options (or an option and the location) names both.
   *
   * @param uri the tier's URI
   * @param options the options that parsed
   * @param problems receives one line per problem
   */
  @Override
  public void check(TierUri uri, TierOptions options, List<String> problems) {
    Objects.requireNonNull(uri, "uri must not be null");
    Objects.requireNonNull(options, "options must not be null");
    Objects.requireNonNull(problems, "problems must not be null");
    Optional<Long> offheap = options.find(OFFHEAP);
    Optional<Long> disk = options.find(DISK);
    boolean persistent = options.find(PERSISTENT).orElse(false);
    String location = uri.path();
    if (uri.hierarchical()) {
      String hint =
          uri.hosts().isEmpty() && uri.password() == null && location.startsWith("/")
              ? " (did you mean 'ehcache:" + location + "'?)"
              : "";
      problems.add(
          "has '//' after 'ehcache:', but an ehcache tier takes no host" + hint
              + "; expected " + EXPECTED_FORM);
    } else if (location.isEmpty()) {
      problems.add(
          "has no location after 'ehcache:'; expected 'heap' for a tier in memory only, as in"
              + " 'ehcache:heap?entries=10000', or the folder of a disk store, as in"
              + " 'ehcache:/var/cache/app?disk=512MB'");
    } else if (location.equals(IN_MEMORY)) {
      disk.ifPresent(
          size ->
              problems.add(
                  "disk was '" + shown(uri, DISK) + "' but the location is 'heap': a disk tier"
                      + " needs a folder; write the folder in place of 'heap', as in"
                      + " 'ehcache:/var/cache/app?disk=" + shown(uri, DISK) + "'"));
    } else {
      try {
        Path.of(location);
        if (disk.isEmpty()) {
          problems.add(
              "the location '" + location + "' is a folder, but disk is not given: a folder"
                  + " holds a disk tier; add disk=<size> such as disk=512MB, or write"
                  + " 'ehcache:heap' for a tier in memory only");
        }
      } catch (InvalidPathException e) {
        problems.add(
            "the location '" + location + "' is not a valid folder here: " + e.getReason());
      }
    }
    if (persistent && disk.isEmpty()) {
      problems.add(
          "persistent=true needs a disk tier, but disk is not given; add disk=<size> and a"
              + " folder, as in 'ehcache:/var/cache/app?disk=512MB&persistent=true'");
    }
    if (offheap.isPresent() && offheap.get() < MINIMUM_OFFHEAP_BYTES) {
      problems.add(
          "offheap was '" + shown(uri, OFFHEAP) + "' but must be at least 1MB, the smallest"
              + " off-heap tier Ehcache makes");
    }
    if (offheap.isPresent() && disk.isPresent() && offheap.get() >= disk.get()) {
      problems.add(
          "offheap ('" + shown(uri, OFFHEAP) + "') must be smaller than disk ('"
              + shown(uri, DISK) + "'): Ehcache keeps every entry on disk and the most used"
              + " also off-heap, so each tier must be larger than the one above it");
    }
  }

  /**
   * Creates and opens a tier. A disk tier takes its folder's lock first; a persistent one then
   * reads back its entries and tags.
   *
   * @param context the tier's options, codec, clock and event listener
   * @param <V> the value type
   * @return the tier, a {@link io.tiercache.spi.LocalCacheBackend}
   * @throws InvalidTierUriException if the URI or its options fail {@link #check} (only when the
   *     registry was bypassed)
   * @throws io.tiercache.spi.TierAccessException if the folder is in use by another tier, of this
   *     process or another, or cannot be created or opened
   */
  @Override
  public <V> CacheBackend<V> create(BackendContext<V> context) {
    requireValid(context);
    return new EhcacheBackend<>(context, StoreLayout.of(context.uri(), context.options()));
  }

  @Override
  public String toString() {
    return "EhcacheBackendProvider[" + SCHEME + "]";
  }

  private static String shown(TierUri uri, Option<?> option) {
    return uri.parameters().getOrDefault(option.name(), "");
  }
}
