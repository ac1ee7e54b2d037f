package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes the tier URI parser and the option check: for any text they throw nothing but {@link
 * IllegalArgumentException} (an {@link InvalidTierUriException} from the parsers), and a password
 * never shows in a message, a redacted URI or {@code toString()}.
 *
 * <p>In a plain {@code mvn test} Jazzer runs the seeds under {@code
 * src/test/resources/io/tiercache/config/TierUriFuzzTestInputs/} (regression mode); with {@code
 * JAZZER_FUZZ=1} it fuzzes for 20 s and writes any crash there.
 */
@Tag("fuzz")
class TierUriFuzzTest {

  /** The common options and one option of every built-in type, one of them secret. */
  static final List<Option<?>> OPTIONS = options();

  private static List<Option<?>> options() {
    List<Option<?>> options = new ArrayList<>(CommonOptions.ALL);
    options.add(Option.of("database", OptionType.integer(0, 15), 0L, "the database"));
    options.add(Option.of("disk", OptionType.size(), null, "the disk size"));
    options.add(Option.of("persistent", OptionType.bool(), false, "survives restarts"));
    options.add(Option.of("mode", OptionType.choice("heap", "offheap"), "heap", "the store"));
    options.add(Option.of("keyPrefix", OptionType.text(), null, "prefix of every key"));
    options.add(Option.of("apiKey", OptionType.text(), null, "the key").asSecret());
    options.add(Option.of("codec", OptionType.of("codec", TierUriFuzzTest::codecName), null, "x"));
    return List.copyOf(options);
  }

  private static String codecName(String text) {
    if (!text.matches("[a-z]+")) {
      throw new IllegalArgumentException("lower-case letters");
    }
    return text;
  }

  @FuzzTest(maxDuration = "20s")
  void parsersThrowOnlyIllegalArgumentAndNeverShowPasswords(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    checkAnyText(text);
    // The first line is a password, the rest the value of a parameter.
    int cut = text.indexOf('\n');
    String password = cut < 0 ? text : text.substring(0, cut);
    String ttl = cut < 0 ? "5m" : text.substring(cut + 1);
    checkPasswordNeverShown(password, ttl);
  }

  /** Parses text every way there is; only IllegalArgumentException may come out. */
  static void checkAnyText(String text) {
    assertThat(TierUri.redactRaw(text)).hasSizeLessThanOrEqualTo(203);
    try {
      TierUri uri = TierUri.parse(text);
      checkParsed(uri);
    } catch (InvalidTierUriException expected) {
      assertThat(expected.problems()).isNotEmpty();
    }
    try {
      List<TierUri> stack = TierUri.parseStack(text);
      assertThat(stack).isNotEmpty();
      stack.forEach(TierUriFuzzTest::checkParsed);
    } catch (InvalidTierUriException expected) {
      assertThat(expected.problems()).isNotEmpty();
    }
    for (Option<?> option : OPTIONS) {
      try {
        option.type().parse(text);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  private static void checkParsed(TierUri uri) {
    List<String> problems = new ArrayList<>();
    TierOptions options = TierOptions.check(uri, OPTIONS, problems);
    assertThat(options.toString()).isNotNull();
    try {
      TierOptions.checkOrThrow(uri, OPTIONS);
      assertThat(problems).isEmpty();
    } catch (InvalidTierUriException expected) {
      assertThat(expected.problems()).isEqualTo(problems);
    }
    if (uri.password() != null) {
      assertThat(uri.redacted()).contains(":" + TierUri.MASK + "@").isEqualTo(uri.toString());
    }
  }

  /**
   * Writes the password into a Redis URI and checks that no message and no redacted form shows it,
   * whether the URI parses or not.
   */
  static void checkPasswordNeverShown(String password, String ttl) {
    String skeleton = "redis://user:@host/0?ttl=" + ttl;
    if (!isCheckable(password, skeleton)) {
      return;
    }
    String text = "redis://user:" + password + "@host/0?ttl=" + ttl;
    List<String> secrets = new ArrayList<>(List.of(password));
    List<String> shown = new ArrayList<>();
    shown.add(TierUri.redactRaw(text));
    try {
      TierUri uri = TierUri.parse(text);
      String decoded = uri.password();
      if (decoded != null && isCheckable(decoded, skeleton)) {
        secrets.add(decoded);
      }
      shown.add(uri.redacted());
      shown.add(uri.toString());
      List<String> problems = new ArrayList<>();
      TierOptions options = TierOptions.check(uri, OPTIONS, problems);
      shown.addAll(problems);
      shown.add(options.redactedUri());
      shown.add(options.toString());
      try {
        TierOptions.checkOrThrow(uri, OPTIONS);
      } catch (InvalidTierUriException e) {
        shown.add(e.getMessage());
      }
    } catch (InvalidTierUriException e) {
      shown.add(e.getMessage());
    }
    if (password.indexOf('|') < 0) {
      // A '|' splits a stack, so only a password without one is whole in a stack.
      try {
        TierUri.parseStack("caffeine:// | " + text);
      } catch (InvalidTierUriException e) {
        shown.add(e.getMessage());
      }
    }
    for (String secret : secrets) {
      for (String message : shown) {
        assertThat(message).as("shown for password '%s'", secret).doesNotContain(secret);
      }
    }
  }

  /**
   * Tells whether a password can be looked for in messages: long enough, not also written elsewhere
   * in the URI, and holding a character that no message's own wording uses ('~', '!', '$' or one
   * beyond ASCII), so that finding it means it was shown.
   */
  static boolean isCheckable(String password, String rest) {
    if (password.length() < 6 || rest.contains(password)) {
      return false;
    }
    return password.chars().anyMatch(c -> c == '~' || c == '!' || c == '$' || c > 0x7F);
  }
}
