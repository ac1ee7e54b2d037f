package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import io.tiercache.backend.redis.internal.KeyLayout;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The key layout: part of the storage format, so its names and hashing are pinned here. */
class KeyLayoutTest {

  @Test
  void aSingleShardUsesThePrefixAsIs() {
    KeyLayout layout = KeyLayout.single("shop:");
    assertThat(layout.shards()).isEqualTo(1);
    assertThat(layout.entryKey("sku:42")).isEqualTo("shop:e:sku:42");
    assertThat(layout.tagListKey("sku:42")).isEqualTo("shop:k:sku:42");
    assertThat(layout.tagSetKey(0, "red")).isEqualTo("shop:t:red");
    assertThat(layout.registryKey(0)).isEqualTo("shop:tags");
    assertThat(layout.channel()).isEqualTo("shop:");
    assertThat(layout.trackingPrefix()).isEqualTo("shop:e:");
    assertThat(layout.shardOf("anything")).isZero();
  }

  @Test
  void shardsAreHashTaggedAndSpreadEvenlyOverTheSlotSpace() {
    KeyLayout layout = KeyLayout.sharded("app:", 16);
    Set<Integer> slots = new HashSet<>();
    for (int shard = 0; shard < 16; shard++) {
      String prefix = layout.shardPrefix(shard);
      assertThat(prefix).startsWith("app:{").endsWith("}");
      int slot = SlotHash.getSlot(prefix + "e:whatever");
      assertThat(slot).as("slot of shard %s", shard)
          .isBetween(16_384 * shard / 16, 16_384 * (shard + 1) / 16 - 1);
      assertThat(SlotHash.getSlot(layout.tagSetKey(shard, "t"))).isEqualTo(slot);
      assertThat(SlotHash.getSlot(layout.registryKey(shard))).isEqualTo(slot);
      slots.add(slot);
    }
    assertThat(slots).hasSize(16);
    // A key's entry and tag list share its shard's slot, whatever braces the key holds.
    String key = "{user}:42";
    int shard = layout.shardOf(key);
    assertThat(SlotHash.getSlot(layout.entryKey(key)))
        .isEqualTo(SlotHash.getSlot(layout.tagListKey(key)))
        .isEqualTo(SlotHash.getSlot(layout.registryKey(shard)));
    assertThatThrownBy(layout::trackingPrefix).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theShardOfAKeyIsStableAcrossVersionsAndProcesses() {
    KeyLayout layout = KeyLayout.sharded("p:", 16);
    // CRC-32 of the UTF-8 key, modulo the shard count: pinned, since processes must agree.
    assertThat(layout.shardOf("a")).isEqualTo((int) (0xE8B7BE43L % 16));
    assertThat(layout.shardOf("sku:42")).isEqualTo(layout.shardOf("sku:42"));
    assertThat(KeyLayout.sharded("p:", 16).shardPrefix(3)).isEqualTo(layout.shardPrefix(3));
    int[] counts = new int[16];
    for (int i = 0; i < 16_000; i++) {
      counts[layout.shardOf("key-" + i)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(800, 1_200);
    }
  }

  @Test
  void scanPatternsEscapeGlobCharactersOfThePrefix() {
    assertThat(KeyLayout.single("plain:").scanPattern()).isEqualTo("plain:*");
    assertThat(KeyLayout.single("a*b?[c]\\:").scanPattern()).isEqualTo("a\\*b\\?\\[c\\]\\\\:*");
  }

  @Test
  void rejectsBracesAndBadShardCounts() {
    assertThatThrownBy(() -> KeyLayout.sharded("{x}", 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyLayout.sharded("x", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyLayout.sharded("x", 1025))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
