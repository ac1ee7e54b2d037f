package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.InvalidTierUriException.TierProblems;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exception lists every problem, grouped by tier. */
class InvalidTierUriExceptionTest {

  @Test
  void messageGroupsProblemsUnderTheirTier() {
    InvalidTierUriException e =
        new InvalidTierUriException(
            List.of(
                new TierProblems("Invalid tier L1 'a:'", List.of("one", "two")),
                new TierProblems("Invalid tier L2 'b:'", List.of("three"))));
    assertThat(e)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid tier L1 'a:':\n  one\n  two\nInvalid tier L2 'b:':\n  three");
    assertThat(e.problems()).containsExactly("one", "two", "three");
    assertThat(e.tiers())
        .extracting(TierProblems::heading)
        .containsExactly("Invalid tier L1 'a:'", "Invalid tier L2 'b:'");
  }

  @Test
  void needsAtLeastOneTierAndOneProblemPerTier() {
    assertThatThrownBy(() -> new InvalidTierUriException(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an InvalidTierUriException needs at least one tier");
    assertThatThrownBy(() -> new TierProblems("Invalid tier 'a:'", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a tier with problems needs at least one problem");
  }

  @Test
  void tiersAndProblemsCannotBeChanged() {
    InvalidTierUriException e =
        new InvalidTierUriException(List.of(new TierProblems("h", List.of("p"))));
    assertThatThrownBy(() -> e.tiers().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> e.tiers().get(0).problems().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
