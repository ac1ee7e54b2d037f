package io.tiercache.config;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One documented, typed option of a tier URI: its name (case-sensitive), type, default and one
 * line of help. Backends list theirs in {@link io.tiercache.spi.BackendProvider#options()}; the
 * ones every tier accepts are in {@link CommonOptions}.
 *
 * @param <T> the value type
 */
public final class Option<T> {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

  private final String name;
  private final OptionType<T> type;
  private final @Nullable T defaultValue;
  private final String help;
  private final boolean secret;

  private Option(
      String name, OptionType<T> type, @Nullable T defaultValue, String help, boolean secret) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.help = Objects.requireNonNull(help, "help");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "option name '" + name + "' must start with a letter and hold letters, digits, '.', '_'"
              + " or '-'");
    }
    this.defaultValue = defaultValue;
    this.secret = secret;
  }

  /**
   * Declares an option.
   *
   * @param name the parameter name, case-sensitive, as in {@code maximumSize}
   * @param type how its text is parsed
   * @param defaultValue the value when the parameter is absent, or {@code null} for none
   * @param help one line saying what it does
   * @param <T> the value type
   * @return the option
   */
  public static <T> Option<T> of(
      String name, OptionType<T> type, @Nullable T defaultValue, String help) {
    return new Option<>(name, type, defaultValue, help, false);
  }

  /**
   * Returns a copy of this option whose values are secrets: they are masked as {@code ****} in
   * every message and {@code toString()}.
   *
   * @return the secret option
   */
  public Option<T> asSecret() {
    return new Option<>(name, type, defaultValue, help, true);
  }

  /**
   * Returns the parameter name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the type.
   *
   * @return the type
   */
  public OptionType<T> type() {
    return type;
  }

  /**
   * Returns the value used when the parameter is absent.
   *
   * @return the default, or {@code null} if there is none
   */
  public @Nullable T defaultValue() {
    return defaultValue;
  }

  /**
   * Returns one line of help.
   *
   * @return the help
   */
  public String help() {
    return help;
  }

  /**
   * Tells whether values of this option are secrets.
   *
   * @return {@code true} if they are masked in messages
   */
  public boolean secret() {
    return secret;
  }

  /**
   * Describes the option in one line, as in
   * {@code ttl (duration, default none): default time to live of writes}.
   *
   * @return the description
   */
  public String describe() {
    String shown =
        defaultValue == null ? "none" : secret ? "****" : type.format(defaultValue);
    return name + " (" + type.name() + ", default " + shown + "): " + help;
  }

  @Override
  public String toString() {
    return "Option[" + name + "]";
  }
}
