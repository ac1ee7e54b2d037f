package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed tier URI, stack and option value is an {@link InvalidTierUriException} whose
 * message is exactly the one a user should read: the tier with credentials masked, then one line
 * per problem naming what is wrong and what is expected.
 */
class MalformedTierUriTest {

  /** A password written into inputs below; it must never show in a message. */
  private static final String SECRET = "s3cr3tPw";

  private static final String PORT = "is not valid; expected a number from 1 to 65535";
  private static final String PERCENT =
      "which is not a valid percent-encoding; expected '%' and two hex digits, such as '%20'";
  private static final String SCHEME_CHARS =
      "a scheme starts with a letter and holds only letters, digits, '+', '-' and '.'";
  private static final String HOST_CHARS =
      "expected letters, digits, '-', '.' and '_', or an IPv6 address in brackets";
  private static final String AT_AFTER_HOST =
      "has '@' after the host part; if it ends a password or user name, percent-encode its '/',"
          + " '?' and '#' (as %2F, %3F and %23), else write the '@' as %40";
  private static final String EMPTY_PARAMETER =
      "has an empty parameter ('&&', or '&' at an end); remove the extra '&'";
  private static final String NOT_UTF8 = "does not decode as UTF-8 after percent-decoding";

  /** The options of a made-up 'redis' scheme, for option-level errors. */
  private static final List<Option<?>> REDIS_OPTIONS = new ArrayList<>();

  static {
    REDIS_OPTIONS.add(Option.of("database", OptionType.integer(0, 15), 0L, "database number"));
    REDIS_OPTIONS.add(Option.of("keyPrefix", OptionType.text(), null, "prefix of every key"));
    REDIS_OPTIONS.add(Option.of("apiKey", OptionType.text(), null, "the API key").asSecret());
    REDIS_OPTIONS.add(Option.of("tls", OptionType.bool(), false, "use TLS"));
    REDIS_OPTIONS.add(
        Option.of("mode", OptionType.choice("standalone", "cluster"), "standalone", "topology"));
    REDIS_OPTIONS.addAll(CommonOptions.ALL);
  }

  private static final String REDIS_OPTION_NAMES =
      "options: database, keyPrefix, apiKey, tls, mode, ttl, staleFor, maxEntrySize, promote,"
          + " timeout, name";

  /** One malformed tier and the exact message of its exception. */
  private static Arguments bad(String input, String heading, String... problems) {
    return arguments(input, heading + ":\n  " + String.join("\n  ", problems));
  }

  static Stream<Arguments> malformedTiers() {
    String longValue = "a".repeat(300);
    return Stream.of(
        // empty, blank, scheme
        bad(
            "",
            "Invalid tier ''",
            "a tier URI must not be empty; expected '<scheme>:...', such as"
                + " 'caffeine://?maximumSize=10000'"),
        bad(
            " \t ",
            "Invalid tier ''",
            "a tier URI must not be empty; expected '<scheme>:...', such as"
                + " 'caffeine://?maximumSize=10000'"),
        bad(
            "caffeine",
            "Invalid tier 'caffeine'",
            "has no scheme; expected '<scheme>:' at the start, such as 'caffeine://' or"
                + " 'ehcache:heap'"),
        bad(
            "localhost/0",
            "Invalid tier 'localhost/0'",
            "has no scheme; expected '<scheme>:' at the start, such as 'caffeine://' or"
                + " 'ehcache:heap'"),
        bad(
            "://localhost",
            "Invalid tier '://localhost'",
            "has an empty scheme; expected a name such as 'caffeine' before ':'"),
        bad(
            "1redis://host",
            "Invalid tier '1redis://host'",
            "scheme '1redis' is not valid; " + SCHEME_CHARS),
        bad(
            "red_is://host",
            "Invalid tier 'red_is://host'",
            "scheme 'red_is' is not valid; " + SCHEME_CHARS),
        bad(
            "re dis://host",
            "Invalid tier 're dis://host'",
            "contains a space at index 2; write it as %20",
            "scheme 're dis' is not valid; " + SCHEME_CHARS),
        // fragments, spaces, control and disallowed characters
        bad(
            "redis://host/0#main",
            "Invalid tier 'redis://host/0#main'",
            "has a fragment ('#...'); a tier URI takes none"),
        bad(
            "redis://host/0?keyPrefix=a b",
            "Invalid tier 'redis://host/0?keyPrefix=a b'",
            "contains a space at index 26; write it as %20"),
        bad(
            "redis://host/\u0001",
            "Invalid tier 'redis://host/\u0001'",
            "contains the control character U+0001 at index 13; percent-encode it"),
        bad(
            "caffeine://?name=a\u007Fb",
            "Invalid tier 'caffeine://?name=a\u007Fb'",
            "contains the control character U+007F at index 18; percent-encode it"),
        bad(
            "caffeine://?name=a\u2003b",
            "Invalid tier 'caffeine://?name=a\u2003b'",
            "contains the blank character U+2003 at index 18; percent-encode it"),
        bad(
            "redis://ho\tst",
            "Invalid tier 'redis://ho\tst'",
            "contains the control character U+0009 at index 10; percent-encode it",
            "host 'ho\tst' is not a valid host name; " + HOST_CHARS),
        bad(
            "redis://host/<0>",
            "Invalid tier 'redis://host/<0>'",
            "contains '<' at index 13, which a URI does not allow; write it as %3C"),
        bad(
            "redis://host/0>",
            "Invalid tier 'redis://host/0>'",
            "contains '>' at index 14, which a URI does not allow; write it as %3E"),
        bad(
            "redis://host/\"0\"",
            "Invalid tier 'redis://host/\"0\"'",
            "contains '\"' at index 13, which a URI does not allow; write it as %22"),
        bad(
            "redis://host/{0}",
            "Invalid tier 'redis://host/{0}'",
            "contains '{' at index 13, which a URI does not allow; write it as %7B"),
        bad(
            "redis://host/0}",
            "Invalid tier 'redis://host/0}'",
            "contains '}' at index 14, which a URI does not allow; write it as %7D"),
        bad(
            "ehcache:a|b",
            "Invalid tier 'ehcache:a|b'",
            "contains '|' at index 9, which a URI does not allow; write it as %7C"),
        bad(
            "ehcache:a^b",
            "Invalid tier 'ehcache:a^b'",
            "contains '^' at index 9, which a URI does not allow; write it as %5E"),
        bad(
            "ehcache:`a`",
            "Invalid tier 'ehcache:`a`'",
            "contains '`' at index 8, which a URI does not allow; write it as %60"),
        bad(
            "ehcache:C:\\cache",
            "Invalid tier 'ehcache:C:\\cache'",
            "contains '\\' at index 10, which a URI does not allow; write it as %5C"),
        // hosts and ports
        bad(
            "redis-cluster://host1:7000,,host2:7001",
            "Invalid tier 'redis-cluster://host1:7000,,host2:7001'",
            "has an empty host in 'host1:7000,,host2:7001'; expected host[:port] separated by ','"
                + " such as 'host1:7000,host2:7001'"),
        bad(
            "redis-cluster://host1:7000,",
            "Invalid tier 'redis-cluster://host1:7000,'",
            "has an empty host in 'host1:7000,'; expected host[:port] separated by ',' such as"
                + " 'host1:7000,host2:7001'"),
        bad(
            "redis://host:abc",
            "Invalid tier 'redis://host:abc'",
            "port 'abc' of host 'host:abc' " + PORT),
        bad("redis://host:0", "Invalid tier 'redis://host:0'", "port '0' of host 'host:0' " + PORT),
        bad(
            "redis://host:65536",
            "Invalid tier 'redis://host:65536'",
            "port '65536' of host 'host:65536' " + PORT),
        bad(
            "redis://host:123456",
            "Invalid tier 'redis://host:123456'",
            "port '123456' of host 'host:123456' " + PORT),
        bad("redis://host:/0", "Invalid tier 'redis://host:/0'", "port '' of host 'host:' " + PORT),
        bad(
            "redis://host:+80",
            "Invalid tier 'redis://host:+80'",
            "port '+80' of host 'host:+80' " + PORT),
        bad(
            "redis://[::1]:0",
            "Invalid tier 'redis://[::1]:0'",
            "port '0' of host '[::1]:0' " + PORT),
        bad(
            "redis://a:6379,b:x,c:70000",
            "Invalid tier 'redis://a:6379,b:x,c:70000'",
            "port 'x' of host 'b:x' " + PORT,
            "port '70000' of host 'c:70000' " + PORT),
        bad(
            "redis://::1",
            "Invalid tier 'redis://::1'",
            "host '::1' has more than one ':'; write an IPv6 address in brackets, as"
                + " '[::1]:6379'"),
        bad(
            "redis://fe80::1:6379/0",
            "Invalid tier 'redis://fe80::1:6379/0'",
            "host 'fe80::1:6379' has more than one ':'; write an IPv6 address in brackets, as"
                + " '[::1]:6379'"),
        bad(
            "redis://[::1",
            "Invalid tier 'redis://[::1'",
            "host '[::1' has '[' without ']'; write IPv6 as '[::1]:6379'"),
        bad(
            "redis://[::1]6379",
            "Invalid tier 'redis://[::1]6379'",
            "host '[::1]6379' has '6379' after ']'; expected ':<port>' or nothing"),
        bad(
            "redis://[]:6379",
            "Invalid tier 'redis://[]:6379'",
            "host '[]:6379' is not a valid IPv6 address; write it as '[::1]:6379'"),
        bad(
            "redis://[::g]",
            "Invalid tier 'redis://[::g]'",
            "host '[::g]' is not a valid IPv6 address; write it as '[::1]:6379'"),
        bad(
            "redis://[::\uFF11]",
            "Invalid tier 'redis://[::\uFF11]'",
            "host '[::\uFF11]' is not a valid IPv6 address; write it as '[::1]:6379'"),
        bad(
            "redis://:6379",
            "Invalid tier 'redis://:6379'",
            "host ':6379' has no name before ':'; expected host[:port]"),
        bad(
            "redis://ca$h:6379",
            "Invalid tier 'redis://ca$h:6379'",
            "host 'ca$h' is not a valid host name; " + HOST_CHARS),
        bad(
            "redis://h\u00F6st",
            "Invalid tier 'redis://h\u00F6st'",
            "host 'h\u00F6st' is not a valid host name; " + HOST_CHARS),
        bad(
            "redis://ho%73t",
            "Invalid tier 'redis://ho%73t'",
            "host 'ho%73t' is not a valid host name; " + HOST_CHARS),
        // percent-encoding
        bad(
            "redis://us%zzer:" + SECRET + "@host",
            "Invalid tier 'redis://us%zzer:****@host'",
            "the user name has '%zz', " + PERCENT),
        bad(
            "redis://user:" + SECRET + "%g1@host",
            "Invalid tier 'redis://user:****@host'",
            "the password has a '%' that is not followed by two hex digits; write a '%' itself"
                + " as %25"),
        bad(
            "redis://" + SECRET + "%@host",
            "Invalid tier 'redis://****@host'",
            "the user information has a '%' that is not followed by two hex digits; write a '%'"
                + " itself as %25"),
        bad(
            "redis://:" + SECRET + "%FF@host",
            "Invalid tier 'redis://:****@host'",
            "the password " + NOT_UTF8),
        bad(
            "ehcache:/var/cache/a%zzb",
            "Invalid tier 'ehcache:/var/cache/a%zzb'", "the path has '%zz', " + PERCENT),
        bad(
            "ehcache:/var/cache/a%2",
            "Invalid tier 'ehcache:/var/cache/a%2'", "the path has '%2', " + PERCENT),
        bad(
            "ehcache:/var/cache/%\uFF21\uFF21",
            "Invalid tier 'ehcache:/var/cache/%\uFF21\uFF21'",
            "the path has '%\uFF21\uFF21', " + PERCENT),
        bad(
            "caffeine://?name=a%",
            "Invalid tier 'caffeine://?name=a%'", "parameter 'name' has '%', " + PERCENT),
        bad(
            "caffeine://?na%zme=a",
            "Invalid tier 'caffeine://?na%zme=a'", "a parameter name has '%zm', " + PERCENT),
        bad("ehcache:/var/%FF", "Invalid tier 'ehcache:/var/%FF'", "the path " + NOT_UTF8),
        bad("ehcache:/var/%C3%28", "Invalid tier 'ehcache:/var/%C3%28'", "the path " + NOT_UTF8),
        bad("ehcache:/var/%E2%82", "Invalid tier 'ehcache:/var/%E2%82'", "the path " + NOT_UTF8),
        bad("ehcache:/var/%C0%AF", "Invalid tier 'ehcache:/var/%C0%AF'", "the path " + NOT_UTF8),
        bad(
            "ehcache:/var/%ED%A0%80",
            "Invalid tier 'ehcache:/var/%ED%A0%80'", "the path " + NOT_UTF8),
        bad(
            "caffeine://?name=%E2%82x%AC",
            "Invalid tier 'caffeine://?name=%E2%82x%AC'", "parameter 'name' " + NOT_UTF8),
        // parameters
        bad(
            "caffeine://?maximumSize=10&&ttl=5m",
            "Invalid tier 'caffeine://?maximumSize=10&&ttl=5m'",
            EMPTY_PARAMETER),
        bad(
            "caffeine://?maximumSize=10&",
            "Invalid tier 'caffeine://?maximumSize=10&'",
            EMPTY_PARAMETER),
        bad("caffeine://?&a=1&&b=2&", "Invalid tier 'caffeine://?&a=1&&b=2&'", EMPTY_PARAMETER),
        bad(
            "caffeine://?maximumSize",
            "Invalid tier 'caffeine://?maximumSize'",
            "parameter 'maximumSize' has no value; expected name=value, such as"
                + " 'maximumSize=...'"),
        bad(
            "caffeine://?=10",
            "Invalid tier 'caffeine://?=10'",
            "parameter '=10' has no name; expected name=value"),
        bad(
            "caffeine://?ttl=5m&ttl=1h",
            "Invalid tier 'caffeine://?ttl=5m&ttl=1h'",
            "parameter 'ttl' is given more than once; give it once"),
        bad(
            "caffeine://?ttl=5m&%74tl=1h",
            "Invalid tier 'caffeine://?ttl=5m&%74tl=1h'",
            "parameter 'ttl' is given more than once; give it once"),
        bad(
            "caffeine://?a&=1&b=1&b=2&&",
            "Invalid tier 'caffeine://?a&=1&b=1&b=2&&'",
            "parameter 'a' has no value; expected name=value, such as 'a=...'",
            "parameter '=1' has no name; expected name=value",
            "parameter 'b' is given more than once; give it once",
            EMPTY_PARAMETER),
        // passwords and other secrets are masked in every message
        bad(
            "redis://:" + SECRET + "@localhost:abc/0",
            "Invalid tier 'redis://:****@localhost:abc/0'",
            "port 'abc' of host 'localhost:abc' " + PORT),
        bad(
            "redis://user:" + SECRET + "@localhost:abc/0",
            "Invalid tier 'redis://user:****@localhost:abc/0'",
            "port 'abc' of host 'localhost:abc' " + PORT),
        bad(
            "redis://" + SECRET + "@localhost:abc/0",
            "Invalid tier 'redis://****@localhost:abc/0'",
            "port 'abc' of host 'localhost:abc' " + PORT),
        bad(
            "redis://user:" + SECRET + "@localhost/0?ttl=5m&&",
            "Invalid tier 'redis://user:****@localhost/0?ttl=5m&&'",
            EMPTY_PARAMETER),
        bad(
            "redis://localhost/0?password=" + SECRET + "&&",
            "Invalid tier 'redis://localhost/0?password=****&&'",
            EMPTY_PARAMETER),
        bad(
            "redis://localhost/0?authToken=" + SECRET + "&x",
            "Invalid tier 'redis://localhost/0?authToken=****&x'",
            "parameter 'x' has no value; expected name=value, such as 'x=...'"),
        bad(
            "redis://localhost/0?clientSecret=" + SECRET + "%zz",
            "Invalid tier 'redis://localhost/0?clientSecret=****'",
            "parameter 'clientSecret' has a '%' that is not followed by two hex digits; write a"
                + " '%' itself as %25"),
        bad(
            "redis://localhost/0?pass%77ord=" + SECRET + "&&",
            "Invalid tier 'redis://localhost/0?pass%77ord=****&&'",
            EMPTY_PARAMETER),
        // a password holding '/', '?' or '#' ends the authority early: nothing around it is shown
        bad(
            "redis://user:s3c/r3tPw@localhost:6379/0",
            "Invalid tier 'redis://user:****@localhost:6379/0'",
            AT_AFTER_HOST),
        bad(
            "redis://:s3c?r3tPw@localhost:6379/0",
            "Invalid tier 'redis://:****@localhost:6379/0'",
            AT_AFTER_HOST),
        bad(
            "redis://s3c#r3tPw@localhost:6379/0",
            "Invalid tier 'redis://****@localhost:6379/0'",
            "has a fragment ('#...'); a tier URI takes none",
            AT_AFTER_HOST),
        bad(
            "redis://user:6379/s3cr3tPw@localhost/0",
            "Invalid tier 'redis://user:****@localhost/0'",
            AT_AFTER_HOST),
        bad(
            "redis://localhost/0?keyPrefix=user@shop",
            "Invalid tier 'redis://****@shop'",
            AT_AFTER_HOST),
        // a scheme forgotten before a password
        bad(
            "//:" + SECRET + "@localhost:6379",
            "Invalid tier '//:****@localhost:6379'",
            "scheme '//' is not valid; " + SCHEME_CHARS),
        bad(
            ":" + SECRET + "@localhost",
            "Invalid tier ':****@localhost'",
            "has an empty scheme; expected a name such as 'caffeine' before ':'"),
        // long inputs are cut in the heading
        bad(
            "caffeine://?name=" + longValue + "&&",
            "Invalid tier 'caffeine://?name=" + "a".repeat(183) + "...'",
            EMPTY_PARAMETER));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedTiers")
  void malformedTierIsRejectedWithExactMessage(String input, String message) {
    assertThatThrownBy(() -> TierUri.parse(input))
        .isInstanceOf(InvalidTierUriException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  /** The malformed tiers that stay one tier in a stack: not blank, no '|'. */
  static Stream<Arguments> malformedSingleTiers() {
    return malformedTiers()
        .filter(
            arguments -> {
              String input = (String) arguments.get()[0];
              return !input.isBlank() && !input.contains("|");
            });
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedSingleTiers")
  void malformedTierIsRejectedAlikeAsTheOnlyTierOfAStack(String input, String message) {
    String expected = message.replaceFirst("^Invalid tier '", "Invalid tier L1 '");
    assertThatThrownBy(() -> TierUri.parseStack(input))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessage(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedTiers")
  void passwordNeverAppearsInMessages(String input, String message) {
    Throwable thrown = catchInvalid(() -> TierUri.parse(input));
    assertThat(thrown.getMessage())
        .isEqualTo(message)
        .doesNotContain(SECRET)
        .doesNotContain("s3c")
        .doesNotContain("r3tPw");
  }

  @Test
  void theTableHoldsAtLeastFortyFiveDistinctInputs() {
    Set<String> inputs = new HashSet<>();
    malformedTiers().forEach(arguments -> inputs.add((String) arguments.get()[0]));
    assertThat(inputs).hasSizeGreaterThanOrEqualTo(45);
    assertThat(inputs).hasSize((int) malformedTiers().count());
  }

  static Stream<Arguments> malformedStacks() {
    return Stream.of(
        arguments(
            "",
            "Invalid tier stack '':\n  it holds no tier; expected tier URIs joined by"
                + " '|', such as 'caffeine://?maximumSize=10000 | redis://localhost:6379/0'"),
        arguments(
            " \n ",
            "Invalid tier stack '':\n  it holds no tier; expected tier URIs joined"
                + " by '|', such as 'caffeine://?maximumSize=10000 | redis://localhost:6379/0'"),
        arguments(
            "|",
            """
            Invalid tier L1 '':
              a tier URI must not be empty; expected '<scheme>:...', such as \
            'caffeine://?maximumSize=10000'
            Invalid tier L2 '':
              a tier URI must not be empty; expected '<scheme>:...', such as \
            'caffeine://?maximumSize=10000'\
            """),
        arguments(
            "caffeine:// | redis://localhost:6379/0 |",
            """
            Invalid tier L3 '':
              a tier URI must not be empty; expected '<scheme>:...', such as \
            'caffeine://?maximumSize=10000'\
            """),
        arguments(
            "caffeine://?maximumSize=1 |  | redis://host:abc",
            """
            Invalid tier L2 '':
              a tier URI must not be empty; expected '<scheme>:...', such as \
            'caffeine://?maximumSize=10000'
            Invalid tier L3 'redis://host:abc':
              port 'abc' of host 'host:abc' is not valid; expected a number from 1 to 65535\
            """),
        arguments(
            "caffeine://x:0 | redis://:" + SECRET + "@h:99999 | ehcache:heap?a&&",
            """
            Invalid tier L1 'caffeine://x:0':
              port '0' of host 'x:0' is not valid; expected a number from 1 to 65535
            Invalid tier L2 'redis://:****@h:99999':
              port '99999' of host 'h:99999' is not valid; expected a number from 1 to 65535
            Invalid tier L3 'ehcache:heap?a&&':
              parameter 'a' has no value; expected name=value, such as 'a=...'
              has an empty parameter ('&&', or '&' at an end); remove the extra '&'\
            """),
        arguments(
            "caffeine:// | redis://user:" + SECRET + "@localhost:6379/0#x | ehcache:heap",
            """
            Invalid tier L2 'redis://user:****@localhost:6379/0#x':
              has a fragment ('#...'); a tier URI takes none\
            """));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedStacks")
  void malformedStackNamesEveryBadTier(String input, String message) {
    Throwable thrown = catchInvalid(() -> TierUri.parseStack(input));
    assertThat(thrown).hasMessage(message);
    assertThat(thrown.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void stackExceptionListsTheProblemsOfEachTier() {
    InvalidTierUriException thrown =
        catchInvalid(() -> TierUri.parseStack("caffeine://x:0 | ehcache:heap | redis://a,,b?c"));
    assertThat(thrown.tiers())
        .extracting(InvalidTierUriException.TierProblems::heading)
        .containsExactly("Invalid tier L1 'caffeine://x:0'", "Invalid tier L3 'redis://a,,b?c'");
    assertThat(thrown.problems())
        .containsExactly(
            "port '0' of host 'x:0' is not valid; expected a number from 1 to 65535",
            "has an empty host in 'a,,b'; expected host[:port] separated by ',' such as"
                + " 'host1:7000,host2:7001'",
            "parameter 'c' has no value; expected name=value, such as 'c=...'");
  }

  static Stream<Arguments> badOptionValues() {
    return Stream.of(
        bad(
            "redis://:" + SECRET + "@localhost:6379/0?ttl=5x&keyprefix=a:",
            "Invalid tier 'redis://:****@localhost:6379/0?ttl=5x&keyprefix=a:'",
            "ttl was '5x' but must be <number>(ms|s|m|h|d) or ISO-8601 like 'PT5M'",
            "'keyprefix' is not an option of scheme 'redis' (did you mean 'keyPrefix'?); "
                + REDIS_OPTION_NAMES),
        bad(
            "redis://localhost?databse=1",
            "Invalid tier 'redis://localhost?databse=1'",
            "'databse' is not an option of scheme 'redis' (did you mean 'database'?); "
                + REDIS_OPTION_NAMES),
        bad(
            "redis://localhost?stalefor=5s",
            "Invalid tier 'redis://localhost?stalefor=5s'",
            "'stalefor' is not an option of scheme 'redis' (did you mean 'staleFor'?); "
                + REDIS_OPTION_NAMES),
        bad(
            "redis://localhost?cluster=dev",
            "Invalid tier 'redis://localhost?cluster=dev'",
            "'cluster' is not an option of scheme 'redis'; " + REDIS_OPTION_NAMES),
        bad(
            "redis://localhost?ttl=0s",
            "Invalid tier 'redis://localhost?ttl=0s'",
            "ttl was '0s' but must be a duration above zero, like '5m'"),
        bad(
            "redis://localhost?ttl=-5m",
            "Invalid tier 'redis://localhost?ttl=-5m'",
            "ttl was '-5m' but must be a duration that is not negative"),
        bad(
            "redis://localhost?ttl=PT-5M",
            "Invalid tier 'redis://localhost?ttl=PT-5M'",
            "ttl was 'PT-5M' but must be a duration that is not negative"),
        bad(
            "redis://localhost?ttl=5",
            "Invalid tier 'redis://localhost?ttl=5'",
            "ttl was '5' but must be <number>(ms|s|m|h|d) or ISO-8601 like 'PT5M'"),
        bad(
            "redis://localhost?ttl=5M",
            "Invalid tier 'redis://localhost?ttl=5M'",
            "ttl was '5M' but must be <number>(ms|s|m|h|d) or ISO-8601 like 'PT5M'"),
        bad(
            "redis://localhost?timeout=106751991168d",
            "Invalid tier 'redis://localhost?timeout=106751991168d'",
            "timeout was '106751991168d' but must be a duration of at most 292 million years"),
        bad(
            "redis://localhost?timeout=PT9999999999999999999H",
            "Invalid tier 'redis://localhost?timeout=PT9999999999999999999H'",
            "timeout was 'PT9999999999999999999H' but must be a duration of at most 292 million"
                + " years"),
        bad(
            "redis://localhost?maxEntrySize=0",
            "Invalid tier 'redis://localhost?maxEntrySize=0'",
            "maxEntrySize was '0' but must be a size above zero, <number> or <number>(KB|MB|GB)"
                + " like '256KB'"),
        bad(
            "redis://localhost?maxEntrySize=12TB",
            "Invalid tier 'redis://localhost?maxEntrySize=12TB'",
            "maxEntrySize was '12TB' but must be <number> or <number>(KB|MB|GB) like '256KB'"),
        bad(
            "redis://localhost?maxEntrySize=8589934592GB",
            "Invalid tier 'redis://localhost?maxEntrySize=8589934592GB'",
            "maxEntrySize was '8589934592GB' but must be a size of at most 8589934591GB"),
        bad(
            "redis://localhost?maxEntrySize=99999999999999999999",
            "Invalid tier 'redis://localhost?maxEntrySize=99999999999999999999'",
            "maxEntrySize was '99999999999999999999' but must be a size of at most"
                + " 8589934591GB"),
        bad(
            "redis://localhost?database=16",
            "Invalid tier 'redis://localhost?database=16'",
            "database was '16' but must be an integer from 0 to 15"),
        bad(
            "redis://localhost?database=zero",
            "Invalid tier 'redis://localhost?database=zero'",
            "database was 'zero' but must be an integer from 0 to 15"),
        bad(
            "redis://localhost?tls=yes",
            "Invalid tier 'redis://localhost?tls=yes'",
            "tls was 'yes' but must be 'true' or 'false'"),
        bad(
            "redis://localhost?mode=sentinel",
            "Invalid tier 'redis://localhost?mode=sentinel'",
            "mode was 'sentinel' but must be one of 'standalone', 'cluster'"),
        bad(
            "redis://localhost?name=L1%20cache",
            "Invalid tier 'redis://localhost?name=L1 cache'",
            "name was 'L1 cache' but must be 1 to 64 letters, digits, '.', '_', ':' or '-'"),
        bad(
            "redis://localhost?promote=Hit-Count:3",
            "Invalid tier 'redis://localhost?promote=Hit-Count:3'",
            "promote was 'Hit-Count:3' but must be <strategy>[:<argument>] such as 'always',"
                + " 'hit-count:3' or 'hit-rate:5/1m'"),
        bad(
            "redis://localhost?keyPrefix=",
            "Invalid tier 'redis://localhost?keyPrefix='",
            "keyPrefix was '' but must be text that is not empty"),
        bad(
            "redis://localhost?apiKey=" + SECRET + "&ttl=1x",
            "Invalid tier 'redis://localhost?apiKey=****&ttl=1x'",
            "ttl was '1x' but must be <number>(ms|s|m|h|d) or ISO-8601 like 'PT5M'"),
        bad(
            "redis://localhost?apiKey=",
            "Invalid tier 'redis://localhost?apiKey=****'",
            "apiKey was '****' but must be text that is not empty"),
        bad(
            "redis://localhost?tokenTtl=" + SECRET,
            "Invalid tier 'redis://localhost?tokenTtl=****'",
            "'tokenTtl' is not an option of scheme 'redis'; " + REDIS_OPTION_NAMES),
        bad(
            "redis://user:"
                + SECRET
                + "@localhost?ttl=1x&timeout=0ms&maxEntrySize=-1"
                + "&database=99&tls=maybe&mode=x&name=&bogus=1&promote=1",
            "Invalid tier 'redis://user:****@localhost?ttl=1x&timeout=0ms&maxEntrySize=-1"
                + "&database=99&tls=maybe&mode=x&name=&bogus=1&promote=1'",
            "ttl was '1x' but must be <number>(ms|s|m|h|d) or ISO-8601 like 'PT5M'",
            "timeout was '0ms' but must be a duration above zero, like '5m'",
            "maxEntrySize was '-1' but must be <number> or <number>(KB|MB|GB) like '256KB'",
            "database was '99' but must be an integer from 0 to 15",
            "tls was 'maybe' but must be 'true' or 'false'",
            "mode was 'x' but must be one of 'standalone', 'cluster'",
            "name was '' but must be 1 to 64 letters, digits, '.', '_', ':' or '-'",
            "'bogus' is not an option of scheme 'redis'; " + REDIS_OPTION_NAMES,
            "promote was '1' but must be <strategy>[:<argument>] such as 'always',"
                + " 'hit-count:3' or 'hit-rate:5/1m'"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badOptionValues")
  void badOptionIsRejectedWithExactMessage(String input, String message) {
    TierUri uri = TierUri.parse(input);
    assertThatThrownBy(() -> TierOptions.checkOrThrow(uri, REDIS_OPTIONS))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessage(message)
        .message()
        .doesNotContain(SECRET);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badOptionValues")
  void checkAddsTheSameProblemsWithoutThrowing(String input, String message) {
    List<String> problems = new ArrayList<>();
    TierOptions.check(TierUri.parse(input), REDIS_OPTIONS, problems);
    assertThat(problems).isNotEmpty();
    assertThat(message).endsWith(":\n  " + String.join("\n  ", problems));
  }

  private static InvalidTierUriException catchInvalid(Call call) {
    try {
      call.run();
    } catch (InvalidTierUriException e) {
      return e;
    }
    throw new AssertionError("expected an InvalidTierUriException");
  }

  /** A call expected to throw. */
  @FunctionalInterface
  private interface Call {
    void run();
  }
}
