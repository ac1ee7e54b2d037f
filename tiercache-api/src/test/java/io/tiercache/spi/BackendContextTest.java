package io.tiercache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.ValueCodec;
import io.tiercache.config.Option;
import io.tiercache.config.OptionType;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a provider is given to create a tier. */
class BackendContextTest {

  private static final Option<String> API_KEY =
      Option.of("apiKey", OptionType.text(), null, "the API key").asSecret();

  private static TierOptions options(String uri) {
    return TierOptions.checkOrThrow(TierUri.parse(uri), List.of(API_KEY));
  }

  @Test
  void defaultsToTheSystemClockAndNoListener() {
    TierOptions options = options("redis://h");
    BackendContext<String> context =
        BackendContext.builder("L2-redis", options, ValueCodec.utf8()).build();
    assertThat(context.tierName()).isEqualTo("L2-redis");
    assertThat(context.options()).isSameAs(options);
    assertThat(context.uri()).isSameAs(options.uri());
    assertThat(context.codec()).isSameAs(ValueCodec.utf8());
    assertThat(context.clock()).isSameAs(TierClock.system());
    assertThat(context.events()).isSameAs(TierEvents.NONE);
  }

  @Test
  void takesAClockAndAListener() {
    ManualClock clock = new ManualClock(Instant.EPOCH);
    TierEvents events = new TierEvents() {};
    BackendContext<byte[]> context =
        BackendContext.builder("L1", options("caffeine://"), ValueCodec.bytes())
            .clock(clock)
            .events(events)
            .build();
    assertThat(context.clock()).isSameAs(clock);
    assertThat(context.events()).isSameAs(events);
  }

  @Test
  void toStringShowsNoSecret() {
    BackendContext<String> context =
        BackendContext.builder(
                "L2-redis", options("redis://u:pw1234@h/0?apiKey=k1k2k3"), ValueCodec.utf8())
            .build();
    assertThat(context.toString())
        .isEqualTo("BackendContext[L2-redis redis://u:****@h/0?apiKey=****]")
        .doesNotContain("pw1234", "k1k2k3");
  }

  @Test
  @SuppressWarnings("NullAway") // deliberately null, to test the checks
  void nullsAreRefused() {
    TierOptions options = options("redis://h");
    assertThatThrownBy(() -> BackendContext.builder(null, options, ValueCodec.utf8()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tierName must not be null");
    assertThatThrownBy(() -> BackendContext.builder("L1", options, ValueCodec.utf8()).clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock must not be null");
    assertThatThrownBy(() -> BackendContext.builder("L1", options, ValueCodec.utf8()).events(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("events must not be null");
  }
}
