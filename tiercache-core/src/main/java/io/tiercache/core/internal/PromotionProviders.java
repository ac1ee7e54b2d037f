package io.tiercache.core.internal;

import io.tiercache.config.OptionType;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Parsing and defaults shared by the built-in promotion strategy providers. */
final class PromotionProviders {

  /** The default memory budget of a counting strategy: 1 MiB at most, whatever the keys. */
  static final long DEFAULT_BUDGET = 1L << 20;

  private static final Pattern HIT_RATE =
      Pattern.compile("([0-9]{1,2})/([^/]+?)(?:/([^/]+))?");
  private static final Pattern REQUESTS = Pattern.compile("([0-9]{1,12})r");

  private PromotionProviders() {}

  static final PromotionStrategy ALWAYS =
      new PromotionStrategy() {
        @Override
        public boolean shouldPromote(String key, long nowMillis) {
          return true;
        }

        @Override
        public String toString() {
          return "always";
        }
      };

  static final PromotionStrategy NEVER =
      new PromotionStrategy() {
        @Override
        public boolean shouldPromote(String key, long nowMillis) {
          return false;
        }

        @Override
        public String toString() {
          return "never";
        }
      };

  static void noArgument(String name, @Nullable String argument) {
    if (argument != null) {
      throw new IllegalArgumentException("'" + name + "' without an argument");
    }
  }

  static int hitCountThreshold(@Nullable String argument) {
    if (argument == null) {
      return 3;
    }
    try {
      int threshold = Integer.parseInt(argument);
      if (threshold >= 1 && threshold <= CountMinSketch.MAX_COUNT) {
        return threshold;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(HitCountPromotionProvider.USAGE);
  }

  /** A parsed {@code hit-rate} argument. */
  static final class HitRate {
    final int threshold;
    final long window;
    final boolean countsRequests;
    final long budget;

    HitRate(int threshold, long window, boolean countsRequests, long budget) {
      this.threshold = threshold;
      this.window = window;
      this.countsRequests = countsRequests;
      this.budget = budget;
    }

    PromotionStrategy create() {
      int width = CountMinSketch.widthFor(budget / (HitRateStrategy.SLICES + 1));
      return new HitRateStrategy(threshold, window, countsRequests, width);
    }
  }

  static HitRate hitRate(@Nullable String argument) {
    if (argument == null) {
      throw new IllegalArgumentException(HitRatePromotionProvider.USAGE);
    }
    Matcher matcher = HIT_RATE.matcher(argument);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(HitRatePromotionProvider.USAGE);
    }
    int threshold = Integer.parseInt(matcher.group(1));
    if (threshold < 1 || threshold > CountMinSketch.MAX_COUNT) {
      throw new IllegalArgumentException(HitRatePromotionProvider.USAGE);
    }
    String windowText = matcher.group(2);
    long window;
    boolean requests;
    Matcher requestMatcher = REQUESTS.matcher(windowText);
    if (requestMatcher.matches()) {
      window = Long.parseLong(requestMatcher.group(1));
      requests = true;
    } else {
      try {
        Duration duration = OptionType.duration(false).parse(windowText);
        window = duration.toMillis();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(HitRatePromotionProvider.USAGE, e);
      }
      requests = false;
    }
    if (window < 1) {
      throw new IllegalArgumentException(HitRatePromotionProvider.USAGE);
    }
    long budget = DEFAULT_BUDGET;
    if (matcher.group(3) != null) {
      try {
        budget = OptionType.size().parse(matcher.group(3));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(HitRatePromotionProvider.USAGE, e);
      }
    }
    return new HitRate(threshold, window, requests, budget);
  }

  /** The width of a sketch that fits the default budget. */
  static int defaultWidth() {
    return CountMinSketch.widthFor(DEFAULT_BUDGET / 4);
  }

  /**
   * Parses the argument of {@code adaptive}: the most entries of a miniature.
   *
   * @throws IllegalArgumentException with the usage, if not a number from 16 to 512
   */
  static int sampleEntries(@Nullable String argument) {
    if (argument == null) {
      return AdaptivePromotion.SAMPLE_ENTRIES;
    }
    try {
      int entries = Integer.parseInt(argument);
      if (entries >= 16 && entries <= AdaptivePromotion.SAMPLE_ENTRIES) {
        return entries;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(AdaptivePromotionProvider.USAGE);
  }

  /**
   * The adaptive default. Over a tier whose size is known, an {@link AdaptivePromotion} that
   * follows the best of the fixed rules in miniature simulations of the tier, each of at most
   * {@code sampleEntries} entries; otherwise, as before, {@code always} over a tier that admits
   * by frequency itself and a gate of 2 hits within 1 minute over any other.
   */
  static PromotionStrategy adaptive(PromotionContext context, int sampleEntries) {
    BackendCapabilities capabilities = context.capabilities();
    long size = capabilities.maximumEntries();
    if (size > 0) {
      return new AdaptivePromotion(
          size, capabilities.admitsByFrequency(), DEFAULT_BUDGET, sampleEntries);
    }
    if (capabilities.admitsByFrequency()) {
      return ALWAYS;
    }
    return new HitRate(2, Duration.ofMinutes(1).toMillis(), false, DEFAULT_BUDGET).create();
  }
}
