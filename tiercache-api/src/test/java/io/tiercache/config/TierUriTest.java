package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.tiercache.config.TierUri.Host;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Valid tier URIs and stacks parse to what they say; their secrets never show. */
class TierUriTest {

  /** Every example of DESIGN.md's "Configuring tiers by URI". */
  @Nested
  class DesignExamples {

    @Test
    void caffeineWithParameters() {
      TierUri uri = TierUri.parse("caffeine://?maximumSize=10000&ttl=5m");
      assertThat(uri.scheme()).isEqualTo("caffeine");
      assertThat(uri.hierarchical()).isTrue();
      assertThat(uri.hosts()).isEmpty();
      assertThat(uri.path()).isEmpty();
      assertThat(uri.user()).isEmpty();
      assertThat(uri.password()).isNull();
      assertThat(uri.parameters())
          .containsExactly(entry("maximumSize", "10000"), entry("ttl", "5m"));
      assertThat(uri.redacted()).isEqualTo("caffeine://?maximumSize=10000&ttl=5m");
    }

    @Test
    void redisWithPasswordOnly() {
      TierUri uri = TierUri.parse("redis://:secret@localhost:6379/0?keyPrefix=shop:&timeout=200ms");
      assertThat(uri.scheme()).isEqualTo("redis");
      assertThat(uri.user()).isEmpty();
      assertThat(uri.password()).isEqualTo("secret");
      assertThat(uri.hosts()).containsExactly(new Host("localhost", 6379));
      assertThat(uri.path()).isEqualTo("/0");
      assertThat(uri.parameters())
          .containsExactly(entry("keyPrefix", "shop:"), entry("timeout", "200ms"));
      assertThat(uri.redacted())
          .isEqualTo("redis://:****@localhost:6379/0?keyPrefix=shop:&timeout=200ms");
      assertThat(uri.toString()).isEqualTo(uri.redacted()).doesNotContain("secret");
    }

    @Test
    void redissForTls() {
      TierUri uri = TierUri.parse("rediss://cache.internal:6380/0");
      assertThat(uri.scheme()).isEqualTo("rediss");
      assertThat(uri.hosts()).containsExactly(new Host("cache.internal", 6380));
      assertThat(uri.path()).isEqualTo("/0");
      assertThat(uri.parameters()).isEmpty();
      assertThat(uri.redacted()).isEqualTo("rediss://cache.internal:6380/0");
    }

    @Test
    void redisSentinelWithSeveralHosts() {
      TierUri uri = TierUri.parse("redis-sentinel://host1:26379,host2:26379/0?masterId=mymaster");
      assertThat(uri.scheme()).isEqualTo("redis-sentinel");
      assertThat(uri.hosts()).containsExactly(new Host("host1", 26379), new Host("host2", 26379));
      assertThat(uri.path()).isEqualTo("/0");
      assertThat(uri.parameters()).containsExactly(entry("masterId", "mymaster"));
    }

    @Test
    void redisClusterWithoutPath() {
      TierUri uri = TierUri.parse("redis-cluster://host1:7000,host2:7001");
      assertThat(uri.scheme()).isEqualTo("redis-cluster");
      assertThat(uri.hosts()).containsExactly(new Host("host1", 7000), new Host("host2", 7001));
      assertThat(uri.path()).isEmpty();
      assertThat(uri.redacted()).isEqualTo("redis-cluster://host1:7000,host2:7001");
    }

    @Test
    void hazelcastClient() {
      TierUri uri = TierUri.parse("hazelcast://hz1.internal:5701/products?cluster=dev");
      assertThat(uri.scheme()).isEqualTo("hazelcast");
      assertThat(uri.hosts()).containsExactly(new Host("hz1.internal", 5701));
      assertThat(uri.path()).isEqualTo("/products");
      assertThat(uri.parameters()).containsExactly(entry("cluster", "dev"));
    }

    @Test
    void hazelcastEmbeddedIsOpaque() {
      TierUri uri = TierUri.parse("hazelcast-embedded:products");
      assertThat(uri.scheme()).isEqualTo("hazelcast-embedded");
      assertThat(uri.hierarchical()).isFalse();
      assertThat(uri.hosts()).isEmpty();
      assertThat(uri.path()).isEqualTo("products");
      assertThat(uri.parameters()).isEmpty();
      assertThat(uri.redacted()).isEqualTo("hazelcast-embedded:products");
    }

    @Test
    void ehcacheHeap() {
      TierUri uri = TierUri.parse("ehcache:heap?entries=10000");
      assertThat(uri.scheme()).isEqualTo("ehcache");
      assertThat(uri.hierarchical()).isFalse();
      assertThat(uri.path()).isEqualTo("heap");
      assertThat(uri.parameters()).containsExactly(entry("entries", "10000"));
    }

    @Test
    void ehcacheDiskWithAbsolutePath() {
      TierUri uri = TierUri.parse("ehcache:/var/cache/app?disk=512MB&offheap=64MB&persistent=true");
      assertThat(uri.hierarchical()).isFalse();
      assertThat(uri.path()).isEqualTo("/var/cache/app");
      assertThat(uri.parameters())
          .containsExactly(
              entry("disk", "512MB"), entry("offheap", "64MB"), entry("persistent", "true"));
      assertThat(uri.redacted())
          .isEqualTo("ehcache:/var/cache/app?disk=512MB&offheap=64MB&persistent=true");
    }

    @Test
    void stackJoinedByBarIsL1First() {
      List<TierUri> stack =
          TierUri.parseStack("caffeine://?maximumSize=10000 | redis://localhost:6379/0");
      assertThat(stack).extracting(TierUri::scheme).containsExactly("caffeine", "redis");
      assertThat(stack.get(0).parameters()).containsExactly(entry("maximumSize", "10000"));
      assertThat(stack.get(1).hosts()).containsExactly(new Host("localhost", 6379));
      assertThat(stack.get(1).path()).isEqualTo("/0");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"REDIS://localhost", "Redis://localhost", "rEdIs://localhost"})
  void schemeIsCaseInsensitiveAndLowerCased(String text) {
    TierUri uri = TierUri.parse(text);
    assertThat(uri.scheme()).isEqualTo("redis");
    assertThat(uri).isEqualTo(TierUri.parse("redis://localhost"));
    assertThat(uri.redacted()).isEqualTo("redis://localhost");
  }

  @Test
  void schemeMayHoldDigitsPlusMinusAndDot() {
    assertThat(TierUri.parse("my.store+v2-beta://h").scheme()).isEqualTo("my.store+v2-beta");
  }

  @Test
  void hostNamesKeepTheirCase() {
    assertThat(TierUri.parse("redis://Cache.Internal").hosts())
        .containsExactly(new Host("Cache.Internal", -1));
  }

  @Test
  void blanksAroundATierAreIgnored() {
    assertThat(TierUri.parse("  \tcaffeine://?ttl=5m \n"))
        .isEqualTo(TierUri.parse("caffeine://?ttl=5m"));
  }

  @Test
  void userPasswordPathAndValuesArePercentDecoded() {
    TierUri uri =
        TierUri.parse(
            "redis://us%40er:p%40ss%2Fw%3Fd%23%25@host/db%200?keyPrefix=shop%3A%26x&name=a+b");
    assertThat(uri.user()).contains("us@er");
    assertThat(uri.password()).isEqualTo("p@ss/w?d#%");
    assertThat(uri.hosts()).containsExactly(new Host("host", -1));
    assertThat(uri.path()).isEqualTo("/db 0");
    assertThat(uri.parameters())
        .containsExactly(entry("keyPrefix", "shop:&x"), entry("name", "a+b"));
    assertThat(uri.redacted())
        .isEqualTo("redis://us@er:****@host/db%200?keyPrefix=shop:&x&name=a+b");
  }

  @Test
  void percentDecodingReadsUtf8IncludingSupplementaryCharacters() {
    TierUri uri = TierUri.parse("ehcache:/caf%C3%A9/%F0%9F%98%80?name=%E2%82%AC%e2%82%ac");
    assertThat(uri.path()).isEqualTo("/café/\uD83D\uDE00");
    assertThat(uri.parameters()).containsEntry("name", "€€");
  }

  @Test
  void unencodedNonAsciiTextIsKeptAsWritten() {
    assertThat(TierUri.parse("ehcache:/var/caché/\uD83D\uDE00").path())
        .isEqualTo("/var/caché/\uD83D\uDE00");
    // Percent-decoding elsewhere in the same text does not change it either.
    assertThat(TierUri.parse("ehcache:/a\uD800%20b").path()).isEqualTo("/a\uD800 b");
  }

  @Test
  void percentEncodedParameterNamesAreDecoded() {
    assertThat(TierUri.parse("caffeine://?%74tl=5m").parameters()).containsOnlyKeys("ttl");
  }

  @Test
  void ipv6HostsAreWrittenInBrackets() {
    TierUri uri = TierUri.parse("redis://[::1]:6379,[2001:db8::7],[::ffff:192.0.2.1]:7000/0");
    assertThat(uri.hosts())
        .containsExactly(
            new Host("::1", 6379), new Host("2001:db8::7", -1), new Host("::ffff:192.0.2.1", 7000));
    assertThat(uri.hosts())
        .extracting(Host::toString)
        .containsExactly("[::1]:6379", "[2001:db8::7]", "[::ffff:192.0.2.1]:7000");
    assertThat(uri.redacted())
        .isEqualTo("redis://[::1]:6379,[2001:db8::7],[::ffff:192.0.2.1]:7000/0");
  }

  @Test
  void portsFromOneTo65535AreAccepted() {
    assertThat(TierUri.parse("redis://a:1,b:65535,c:06379").hosts())
        .extracting(Host::port)
        .containsExactly(1, 65535, 6379);
  }

  @Test
  void hostWithoutPortFallsBackToTheDefault() {
    Host host = TierUri.parse("redis://localhost").hosts().get(0);
    assertThat(host.port()).isEqualTo(-1);
    assertThat(host.portOr(6379)).isEqualTo(6379);
    assertThat(new Host("localhost", 7000).portOr(6379)).isEqualTo(7000);
  }

  @Test
  void hostRejectsPortsOutOfRange() {
    assertThatThrownBy(() -> new Host("h", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port was 0 but must be 1 to 65535");
    assertThatThrownBy(() -> new Host("h", 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port was 65536 but must be 1 to 65535");
    assertThatThrownBy(() -> new Host("h", -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port was -2 but must be 1 to 65535");
    assertThat(new Host("h", -1).toString()).isEqualTo("h");
  }

  @Test
  void opaqueAndEmptyFormsParse() {
    TierUri bare = TierUri.parse("caffeine:");
    assertThat(bare.hierarchical()).isFalse();
    assertThat(bare.path()).isEmpty();
    assertThat(bare.redacted()).isEqualTo("caffeine:");
    TierUri empty = TierUri.parse("caffeine://");
    assertThat(empty.hierarchical()).isTrue();
    assertThat(empty.hosts()).isEmpty();
    assertThat(empty.redacted()).isEqualTo("caffeine://");
    assertThat(TierUri.parse("caffeine://?").parameters()).isEmpty();
  }

  @Test
  void parametersKeepTheirOrderAndCannotBeChanged() {
    Map<String, String> parameters = TierUri.parse("caffeine://?c=3&a=1&b=2").parameters();
    assertThat(parameters.keySet()).containsExactly("c", "a", "b");
    assertThatThrownBy(() -> parameters.put("d", "4"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void emptyValueIsAValue() {
    assertThat(TierUri.parse("caffeine://?name=").parameters()).containsExactly(entry("name", ""));
  }

  @Test
  void equalUrisAreEqualAndHashAlike() {
    TierUri a = TierUri.parse("redis://u:p@h:1/0?x=1");
    TierUri b = TierUri.parse("REDIS://u:p@h:1/0?x=1");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(TierUri.parse("redis://u:q@h:1/0?x=1"));
    assertThat(a).isNotEqualTo(TierUri.parse("redis://u:p@h:1/0?x=2"));
    assertThat(a).isNotEqualTo(TierUri.parse("redis://u:p@h:2/0?x=1"));
    assertThat(TierUri.parse("ehcache:heap")).isNotEqualTo(TierUri.parse("ehcache://heap"));
  }

  @Test
  void nullIsRejected() {
    assertThatThrownBy(() -> TierUri.parse(nullText()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tier URI must not be null");
    assertThatThrownBy(() -> TierUri.parseStack(nullText()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tier stack must not be null");
  }

  @SuppressWarnings("NullAway") // deliberately null, to test the check
  private static String nullText() {
    return null;
  }

  /** Credentials in every form Redis reads them. */
  @Nested
  class Passwords {

    @Test
    void passwordAfterUserIsMasked() {
      TierUri uri = TierUri.parse("redis://alice:hunter22@localhost:6379/0");
      assertThat(uri.user()).contains("alice");
      assertThat(uri.password()).isEqualTo("hunter22");
      assertThat(uri.redacted()).isEqualTo("redis://alice:****@localhost:6379/0");
      assertThat(uri.toString()).doesNotContain("hunter22");
    }

    @Test
    void userInformationWithoutColonIsThePasswordAndIsMasked() {
      TierUri uri = TierUri.parse("redis://hunter22@localhost");
      assertThat(uri.user()).isEmpty();
      assertThat(uri.password()).isEqualTo("hunter22");
      assertThat(uri.redacted()).isEqualTo("redis://:****@localhost");
    }

    @Test
    void passwordMayHoldColonsAndAt() {
      TierUri uri = TierUri.parse("redis://alice:a:b@c@localhost");
      assertThat(uri.user()).contains("alice");
      assertThat(uri.password()).isEqualTo("a:b@c");
      assertThat(uri.hosts()).containsExactly(new Host("localhost", -1));
      assertThat(uri.redacted()).isEqualTo("redis://alice:****@localhost");
    }

    @Test
    void secretParametersAreMaskedByName() {
      TierUri uri =
          TierUri.parse(
              "redis://localhost?password=p1w2&authToken=t1k2&clientSecret=s1c2&keyPrefix=shop");
      assertThat(uri.parameters()).containsEntry("password", "p1w2");
      assertThat(uri.redacted())
          .isEqualTo(
              "redis://localhost?password=****&authToken=****&clientSecret=****&keyPrefix=shop");
      assertThat(uri.toString()).doesNotContain("p1w2", "t1k2", "s1c2");
    }

    /** The fuzz test's property, on passwords holding every character with a meaning. */
    @ParameterizedTest
    @ValueSource(
        strings = {
          "pa/ss~word",
          "pa?ss~word",
          "pa#ss~word",
          "pa@ss~word",
          "pa:ss~word",
          "p%zz~word",
          "p%FF~word",
          "pa ss~word",
          "pa|ss~word",
          "pa&ss=~word",
          "~/?#@:|%",
          "6379/pass~word",
          "6379?a=pass~word",
          "pässwörd",
          "\uD83D\uDE00secret"
        })
    void passwordWithAnyReservedCharacterNeverShows(String password) {
      for (String ttl : new String[] {"5m", "5x", "", "1h&x", "1h&&", "a@b", "#"}) {
        TierUriFuzzTest.checkPasswordNeverShown(password, ttl);
      }
      assertThat(TierUriFuzzTest.isCheckable(password, "redis://user:@host/0?ttl=5m")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "dbPassword", "secret", "Token", "tokenTtl"})
    void secretParameterNamesContainPasswordSecretOrToken(String name) {
      assertThat(TierUri.isSecretParameter(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"passwd", "apiKey", "ttl", "pass", "keyPrefix"})
    void otherParameterNamesAreNotSecret(String name) {
      assertThat(TierUri.isSecretParameter(name)).isFalse();
    }
  }

  /** {@link TierUri#redactRaw} masks text that may not even parse. */
  @Nested
  class RedactRaw {

    @Test
    void masksThePasswordOfAnAuthority() {
      assertThat(TierUri.redactRaw("redis://:hunter22@h:x")).isEqualTo("redis://:****@h:x");
      assertThat(TierUri.redactRaw("redis://alice:hunter22@h")).isEqualTo("redis://alice:****@h");
      assertThat(TierUri.redactRaw("redis://hunter22@h")).isEqualTo("redis://****@h");
    }

    @Test
    void masksUpToTheLastAtSoThatAPasswordWithSlashIsHidden() {
      assertThat(TierUri.redactRaw("redis://alice:hun/ter?22@h/0"))
          .isEqualTo("redis://alice:****@h/0");
    }

    @Test
    void masksTheValuesOfSecretParametersEvenWhenTheNameIsEncoded() {
      assertThat(TierUri.redactRaw("redis://h?password=a&x=b&my%54oken=c&&"))
          .isEqualTo("redis://h?password=****&x=b&my%54oken=****&&");
    }

    @Test
    void leavesTextWithoutSecretsAlone() {
      assertThat(TierUri.redactRaw("caffeine://?maximumSize=10&&"))
          .isEqualTo("caffeine://?maximumSize=10&&");
      assertThat(TierUri.redactRaw("")).isEmpty();
    }

    @Test
    void cutsLongTextTo200Characters() {
      String text = "caffeine://?name=" + "x".repeat(500);
      assertThat(TierUri.redactRaw(text))
          .hasSize(203)
          .endsWith("x...")
          .startsWith("caffeine://?name=x");
      assertThat(TierUri.redactRaw("a".repeat(200))).isEqualTo("a".repeat(200));
    }
  }

  @Test
  void stackIgnoresBlanksAroundBars() {
    List<TierUri> stack =
        TierUri.parseStack(" caffeine://?maximumSize=10 |ehcache:heap|  redis://h:1/0  ");
    assertThat(stack).extracting(TierUri::scheme).containsExactly("caffeine", "ehcache", "redis");
    assertThat(stack)
        .extracting(TierUri::redacted)
        .containsExactly("caffeine://?maximumSize=10", "ehcache:heap", "redis://h:1/0");
  }

  @Test
  void stackOfOneTierIsThatTier() {
    assertThat(TierUri.parseStack("redis://:pw@h")).containsExactly(TierUri.parse("redis://:pw@h"));
  }

  @Test
  void stackCannotBeChanged() {
    List<TierUri> stack = TierUri.parseStack("caffeine://|ehcache:heap");
    assertThatThrownBy(() -> stack.add(TierUri.parse("caffeine://")))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
