package io.tiercache.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of an option becomes a typed value. Built-in types cover durations, sizes,
 * integers, booleans, fixed choices and names; a backend may define its own.
 *
 * <p>{@link #parse} throws an {@link IllegalArgumentException} whose message completes the phrase
 * "{@code <option> was '<text>' but must be ...}", such as {@code <number>(ms|s|m|h|d) or
 * ISO-8601 like 'PT5M'}.
 *
 * @param <T> the value type
 */
public interface OptionType<T> {

  /**
   * Returns the type's name as shown in option listings, such as {@code duration}.
   *
   * @return the name
   */
  String name();

  /**
   * Parses an option's text.
   *
   * @param text the decoded text of the parameter
   * @return the value
   * @throws IllegalArgumentException if the text is not a valid value; the message says what a
   *     valid one looks like
   */
  T parse(String text);

  /**
   * Formats a value back to text that {@link #parse} accepts.
   *
   * @param value the value
   * @return its text
   */
  default String format(T value) {
    return String.valueOf(value);
  }

  /**
   * Durations: {@code <number>(ms|s|m|h|d)} or ISO-8601 such as {@code PT5M}.
   *
   * @param allowZero whether {@code 0s} is accepted
   * @return the type
   */
  static OptionType<Duration> duration(boolean allowZero) {
    return new DurationType(allowZero);
  }

  /**
   * Sizes in bytes: {@code <number>} or {@code <number>(KB|MB|GB)} (the unit in any case), powers
   * of 1024, positive.
   *
   * @return the type
   */
  static OptionType<Long> size() {
    return SizeType.INSTANCE;
  }

  /**
   * Integers in a range.
   *
   * @param min the least value accepted
   * @param max the greatest value accepted
   * @return the type
   */
  static OptionType<Long> integer(long min, long max) {
    return new IntegerType(min, max);
  }

  /**
   * {@code true} or {@code false}, ignoring case.
   *
   * @return the type
   */
  static OptionType<Boolean> bool() {
    return BooleanType.INSTANCE;
  }

  /**
   * One of a fixed set of words, matched ignoring case and returned as declared.
   *
   * @param choices the accepted words
   * @return the type
   */
  static OptionType<String> choice(String... choices) {
    return new ChoiceType(List.of(choices));
  }

  /**
   * Free text, not empty.
   *
   * @return the type
   */
  static OptionType<String> text() {
    return TextType.INSTANCE;
  }

  /**
   * Text of 1 to 64 letters, digits, '.', '_', ':' or '-': names of tiers, maps and clients.
   *
   * @return the type
   */
  static OptionType<String> identifier() {
    return IdentifierType.INSTANCE;
  }

  /**
   * A type whose values are parsed by a function.
   *
   * @param name the type's name
   * @param parser parses text; throws {@link IllegalArgumentException} with the expected form
   * @param <T> the value type
   * @return the type
   */
  static <T> OptionType<T> of(String name, Function<String, T> parser) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parser, "parser");
    return new OptionType<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public T parse(String text) {
        return parser.apply(text);
      }
    };
  }
}

/** Durations. */
final class DurationType implements OptionType<Duration> {
  static final String FORM = "<number>(ms|s|m|h|d) or ISO-8601 like 'PT5M'";
  private static final String NOT_NEGATIVE = "a duration that is not negative";
  private static final Pattern SHORT = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  private final boolean allowZero;

  DurationType(boolean allowZero) {
    this.allowZero = allowZero;
  }

  @Override
  public String name() {
    return "duration";
  }

  @Override
  public Duration parse(String text) {
    Duration value;
    Matcher matcher = SHORT.matcher(text);
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2)) {
          case "ms":
            value = Duration.ofMillis(amount);
            break;
          case "s":
            value = Duration.ofSeconds(amount);
            break;
          case "m":
            value = Duration.ofMinutes(amount);
            break;
          case "h":
            value = Duration.ofHours(amount);
            break;
          default:
            value = Duration.ofDays(amount);
            break;
        }
      } else if (text.length() > 1 && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
        value = Duration.parse(text);
      } else if (text.startsWith("-") && SHORT.matcher(text.substring(1)).matches()) {
        throw new IllegalArgumentException(NOT_NEGATIVE);
      } else {
        throw new IllegalArgumentException(FORM);
      }
      value.toMillis(); // rejects durations too long to use as a TTL
    } catch (ArithmeticException | DateTimeParseException | NumberFormatException e) {
      // Duration.parse reports a number too big for a long as a parse error caused by the overflow.
      boolean tooLong =
          matcher.matches()
              || e instanceof ArithmeticException
              || e.getCause() instanceof ArithmeticException
              || e.getCause() instanceof NumberFormatException;
      throw new IllegalArgumentException(
          tooLong ? "a duration of at most 292 million years" : FORM);
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(NOT_NEGATIVE);
    }
    if (value.isZero() && !allowZero) {
      throw new IllegalArgumentException("a duration above zero, like '5m'");
    }
    return value;
  }

  @Override
  public String format(Duration value) {
    long millis = value.toMillis();
    if (millis % 86_400_000L == 0 && millis != 0) {
      return millis / 86_400_000L + "d";
    }
    if (millis % 3_600_000L == 0 && millis != 0) {
      return millis / 3_600_000L + "h";
    }
    if (millis % 60_000L == 0 && millis != 0) {
      return millis / 60_000L + "m";
    }
    if (millis % 1_000L == 0) {
      return millis / 1_000L + "s";
    }
    return millis + "ms";
  }
}

/** Sizes in bytes. */
final class SizeType implements OptionType<Long> {
  static final SizeType INSTANCE = new SizeType();
  static final String FORM = "<number> or <number>(KB|MB|GB) like '256KB'";
  // Long.MAX_VALUE >> 30: the largest size accepted in the largest unit.
  private static final String TOO_BIG = "a size of at most 8589934591GB";
  private static final Pattern SIZE =
      Pattern.compile("([0-9]+)(KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

  @Override
  public String name() {
    return "size";
  }

  @Override
  public Long parse(String text) {
    Matcher matcher = SIZE.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(FORM);
    }
    long amount;
    try {
      amount = Long.parseLong(matcher.group(1));
    } catch (NumberFormatException tooLong) {
      throw new IllegalArgumentException(TOO_BIG, tooLong);
    }
    String unit = matcher.group(2) == null ? "" : matcher.group(2).toUpperCase(Locale.ROOT);
    int shift = unit.isEmpty() ? 0 : unit.equals("KB") ? 10 : unit.equals("MB") ? 20 : 30;
    if (amount > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException(TOO_BIG);
    }
    if (amount == 0) {
      throw new IllegalArgumentException("a size above zero, " + FORM);
    }
    return amount << shift;
  }

  @Override
  public String format(Long value) {
    long bytes = value;
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GB";
    }
    if (bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MB";
    }
    if (bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KB";
    }
    return Long.toString(bytes);
  }
}

/** Integers in a range. */
final class IntegerType implements OptionType<Long> {
  private final long min;
  private final long max;

  IntegerType(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("min " + min + " is above max " + max);
    }
    this.min = min;
    this.max = max;
  }

  @Override
  public String name() {
    return "integer";
  }

  @Override
  public Long parse(String text) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(expected(), e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(expected());
    }
    return value;
  }

  private String expected() {
    return "an integer from " + min + " to " + max;
  }
}

/** Booleans. */
final class BooleanType implements OptionType<Boolean> {
  static final BooleanType INSTANCE = new BooleanType();

  @Override
  public String name() {
    return "boolean";
  }

  @Override
  public Boolean parse(String text) {
    if (text.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (text.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("'true' or 'false'");
  }
}

/** One of a fixed set of words. */
final class ChoiceType implements OptionType<String> {
  private final List<String> choices;

  ChoiceType(List<String> choices) {
    if (choices.isEmpty()) {
      throw new IllegalArgumentException("a choice needs at least one word");
    }
    this.choices = choices;
  }

  @Override
  public String name() {
    return String.join("|", choices);
  }

  @Override
  public String parse(String text) {
    for (String choice : choices) {
      if (choice.equalsIgnoreCase(text)) {
        return choice;
      }
    }
    throw new IllegalArgumentException("one of '" + String.join("', '", choices) + "'");
  }
}

/** Free text. */
final class TextType implements OptionType<String> {
  static final TextType INSTANCE = new TextType();

  @Override
  public String name() {
    return "text";
  }

  @Override
  public String parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("text that is not empty");
    }
    return text;
  }
}

/** Names. */
final class IdentifierType implements OptionType<String> {
  static final IdentifierType INSTANCE = new IdentifierType();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  @Override
  public String name() {
    return "name";
  }

  @Override
  public String parse(String text) {
    if (!NAME.matcher(text).matches()) {
      throw new IllegalArgumentException("1 to 64 letters, digits, '.', '_', ':' or '-'");
    }
    return text;
  }
}
