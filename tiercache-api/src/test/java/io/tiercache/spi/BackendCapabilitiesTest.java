package io.tiercache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a tier declares it can do. */
class BackendCapabilitiesTest {

  @Test
  void inProcessTierStoresReferencesAndHonoursTheClock() {
    BackendCapabilities caps = BackendCapabilities.inProcess().build();
    assertThat(caps)
        .isEqualTo(
            new BackendCapabilities(false, false, false, false, true, false, Long.MAX_VALUE, -1));
  }

  @Test
  void remoteTierIsSharedStoresBytesIndexesTagsAndKeepsItsOwnTime() {
    BackendCapabilities caps = BackendCapabilities.remote().build();
    assertThat(caps.shared()).isTrue();
    assertThat(caps.storesBytes()).isTrue();
    assertThat(caps.tags()).isTrue();
    assertThat(caps.honoursClock()).isFalse();
    assertThat(caps.persistent()).isFalse();
    assertThat(caps.admitsByFrequency()).isFalse();
    assertThat(caps.maxEntryBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(caps.maximumEntries()).isEqualTo(-1);
  }

  @Test
  void builderSetsEveryCapability() {
    BackendCapabilities caps =
        BackendCapabilities.inProcess()
            .tags(true)
            .persistent(true)
            .storesBytes(true)
            .honoursClock(false)
            .admitsByFrequency(true)
            .maxEntryBytes(1 << 20)
            .maximumEntries(10_000)
            .build();
    assertThat(caps)
        .isEqualTo(new BackendCapabilities(false, true, true, true, false, true, 1 << 20, 10_000));
    assertThat(BackendCapabilities.remote().tags(false).build().tags()).isFalse();
  }

  @Test
  void maxEntryBytesMustBePositive() {
    assertThatThrownBy(() -> BackendCapabilities.inProcess().maxEntryBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEntryBytes was 0 but must be positive");
    assertThatThrownBy(() -> new BackendCapabilities(true, true, true, true, true, true, -5, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEntryBytes was -5 but must be positive");
    assertThat(BackendCapabilities.inProcess().maxEntryBytes(1).build().maxEntryBytes()).isOne();
  }

  @Test
  void maximumEntriesIsMinusOneForUnboundedOrAtLeastZero() {
    assertThatThrownBy(() -> BackendCapabilities.inProcess().maximumEntries(-2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumEntries was -2 but must be -1 (unbounded) or more");
    assertThat(BackendCapabilities.inProcess().maximumEntries(0).build().maximumEntries()).isZero();
    assertThat(BackendCapabilities.inProcess().maximumEntries(-1).build().maximumEntries())
        .isEqualTo(-1);
  }
}
