package io.tiercache.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a {@link TierUri}, checked against the options of its scheme and typed.
 *
 * <p>Created by {@link #check}, which reports every unknown parameter (with the nearest known
 * name) and every bad value at once. Immutable and safe for concurrent use.
 */
public final class TierOptions {

  private final TierUri uri;
  private final Map<String, Option<?>> declared;
  private final Map<String, Object> values;

  private TierOptions(TierUri uri, Map<String, Option<?>> declared, Map<String, Object> values) {
    this.uri = uri;
    this.declared = declared;
    this.values = values;
  }

  /**
   * Checks a URI's parameters against the options of its scheme, adding a line to
   * {@code problems} for each unknown parameter and each bad value, in the order written.
   *
   * @param uri the tier
   * @param options every option the scheme accepts, common ones included
   * @param problems receives the problems found
   * @return the options that parsed; unknown or bad parameters are left out
   * @throws IllegalArgumentException if two options share a name
   */
  public static TierOptions check(TierUri uri, List<Option<?>> options, List<String> problems) {
    Map<String, Option<?>> declared = new LinkedHashMap<>();
    for (Option<?> option : options) {
      if (declared.put(option.name(), option) != null) {
        throw new IllegalArgumentException(
            "option '" + option.name() + "' is declared twice for scheme '" + uri.scheme() + "'");
      }
    }
    Map<String, Object> values = new HashMap<>();
    for (Map.Entry<String, String> parameter : uri.parameters().entrySet()) {
      String name = parameter.getKey();
      Option<?> option = declared.get(name);
      if (option == null) {
        problems.add(unknown(name, uri.scheme(), declared));
        continue;
      }
      String text = parameter.getValue();
      try {
        values.put(name, option.type().parse(text));
      } catch (IllegalArgumentException e) {
        boolean secret = option.secret() || TierUri.isSecretParameter(name);
        problems.add(
            name + " was '" + (secret ? TierUri.MASK : text) + "' but must be " + e.getMessage());
      }
    }
    return new TierOptions(
        uri, Collections.unmodifiableMap(declared), Collections.unmodifiableMap(values));
  }

  /**
   * Checks a URI's parameters and throws if any is unknown or bad.
   *
   * @param uri the tier
   * @param options every option the scheme accepts, common ones included
   * @return the typed options
   * @throws InvalidTierUriException listing every problem
   */
  public static TierOptions checkOrThrow(TierUri uri, List<Option<?>> options) {
    List<String> problems = new ArrayList<>();
    TierOptions checked = check(uri, options, problems);
    if (!problems.isEmpty()) {
      throw new InvalidTierUriException(
          List.of(
              new InvalidTierUriException.TierProblems(
                  "Invalid tier '" + checked.redactedUri() + "'", problems)));
    }
    return checked;
  }

  private static String unknown(String name, String scheme, Map<String, Option<?>> declared) {
    StringBuilder message =
        new StringBuilder("'").append(name).append("' is not an option of scheme '")
            .append(scheme).append('\'');
    NearestName.of(name, declared.keySet())
        .ifPresent(near -> message.append(" (did you mean '").append(near).append("'?)"));
    message.append("; options: ").append(String.join(", ", declared.keySet()));
    return message.toString();
  }

  /**
   * Returns the tier these options belong to.
   *
   * @return the tier URI
   */
  public TierUri uri() {
    return uri;
  }

  /**
   * Returns the tier's URI with every secret masked as {@code ****}: what {@link
   * TierUri#redacted()} masks, and also the values of the options declared {@link
   * Option#asSecret() secret}. Use it, not the URI, to name the tier in messages and logs.
   *
   * @return the redacted URI
   */
  public String redactedUri() {
    Set<String> secret = new HashSet<>();
    for (Option<?> option : declared.values()) {
      if (option.secret()) {
        secret.add(option.name());
      }
    }
    return uri.redacted(secret);
  }

  /**
   * Returns an option's value: the parameter's if given, else the option's default.
   *
   * @param option the option
   * @param <T> the value type
   * @return the value
   * @throws IllegalStateException if the parameter is absent and the option has no default
   * @throws IllegalArgumentException if the option is not one of this tier's
   */
  public <T> T get(Option<T> option) {
    T value = find(option).orElse(option.defaultValue());
    if (value == null) {
      throw new IllegalStateException(
          "option '" + option.name() + "' of tier '" + redactedUri() + "' is not set and has no"
              + " default; use find()");
    }
    return value;
  }

  /**
   * Returns an option's value if the parameter was given.
   *
   * @param option the option
   * @param <T> the value type
   * @return the value given in the URI, if any
   * @throws IllegalArgumentException if the option is not one of this tier's
   */
  public <T> Optional<T> find(Option<T> option) {
    Objects.requireNonNull(option, "option");
    if (declared.get(option.name()) != option) {
      throw new IllegalArgumentException(
          "option '" + option.name() + "' is not declared for scheme '" + uri.scheme() + "'");
    }
    @SuppressWarnings("unchecked") // stored by the option's own type in check()
    @Nullable T value = (T) values.get(option.name());
    return Optional.ofNullable(value);
  }

  /**
   * Tells whether the URI gives a parameter for an option.
   *
   * @param option the option
   * @return {@code true} if the parameter was given
   */
  public boolean isSet(Option<?> option) {
    return find(option).isPresent();
  }

  /**
   * Returns the options declared for this tier's scheme, in declaration order.
   *
   * @return the options
   */
  public List<Option<?>> declared() {
    return List.copyOf(declared.values());
  }

  @Override
  public String toString() {
    return values.keySet().stream()
        .sorted()
        .map(name -> {
          Option<?> option = declared.get(name);
          boolean secret = option != null && option.secret() || TierUri.isSecretParameter(name);
          return name + "=" + (secret ? TierUri.MASK : String.valueOf(values.get(name)));
        })
        .collect(Collectors.joining(", ", "TierOptions[", "]"));
  }
}
