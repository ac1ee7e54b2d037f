package io.tiercache.backend.ehcache;

import io.tiercache.BackendRegistry;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.TierAccessException;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The main class of a child JVM that holds a persistent disk store, for the tests that kill it
 * or open its folder meanwhile. It reports on standard output, one line per event:
 * {@code OPEN}, {@code WROTE <i>}, {@code HELD}, {@code CLOSED}, or {@code REFUSED <message>}.
 *
 * <pre>
 * DiskStoreHolder &lt;folder&gt; write               writes forever, until killed
 * DiskStoreHolder &lt;folder&gt; write-and-close &lt;n&gt;  writes n entries, closes the tier, exits 0
 * DiskStoreHolder &lt;folder&gt; hold &lt;n&gt;             writes n entries, then closes when told "close"
 * DiskStoreHolder &lt;folder&gt; close-and-wait &lt;n&gt;   writes n entries, closes the tier, waits to be killed
 * DiskStoreHolder &lt;folder&gt; try-open             opens the tier: exits 0, or 3 if refused
 * </pre>
 */
public final class DiskStoreHolder {

  private DiskStoreHolder() {}

  /**
   * Runs the child.
   *
   * @param args the folder, the mode and its argument
   * @throws IOException if standard input fails
   */
  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    String mode = args[1];
    LocalCacheBackend<String> tier;
    try {
      tier = open(folder);
    } catch (TierAccessException e) {
      say("REFUSED " + e.getMessage().replace('\n', ' '));
      System.exit(3);
      return;
    }
    say("OPEN");
    switch (mode) {
      case "write":
        for (int i = 0; ; i++) {
          write(tier, i);
        }
      case "write-and-close":
        writeUpTo(tier, Integer.parseInt(args[2]));
        tier.close();
        say("CLOSED");
        return;
      case "hold":
        writeUpTo(tier, Integer.parseInt(args[2]));
        say("HELD");
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.equals("close")) {
            break;
          }
        }
        tier.close();
        say("CLOSED");
        return;
      case "close-and-wait":
        writeUpTo(tier, Integer.parseInt(args[2]));
        tier.close();
        say("CLOSED");
        while (System.in.read() >= 0) {
          // Waits for standard input to end, which it does not: the test kills this JVM.
        }
        return;
      case "try-open":
        tier.close();
        say("CLOSED");
        return;
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  /** Opens the persistent disk tier of a folder, with the system clock. */
  static LocalCacheBackend<String> open(Path folder) {
    BackendRegistry registry = BackendRegistry.load();
    CacheBackend<String> tier =
        registry.open(
            registry.checkTier(Tiers.persistentDisk(folder)),
            ValueCodec.utf8(),
            TierClock.system(),
            TierEvents.NONE);
    return (LocalCacheBackend<String>) tier;
  }

  private static void writeUpTo(LocalCacheBackend<String> tier, int count) {
    for (int i = 0; i < count; i++) {
      write(tier, i);
    }
  }

  private static void write(LocalCacheBackend<String> tier, int i) {
    CacheEntry<String> entry = CrashValues.entry(i, System.currentTimeMillis());
    tier.putSync(CrashValues.key(i), entry);
    say("WROTE " + i);
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
