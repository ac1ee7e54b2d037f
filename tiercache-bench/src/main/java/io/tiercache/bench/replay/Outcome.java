package io.tiercache.bench.replay;

/**
 * What one replay of one configuration measured.
 *
 * @param requests the requests replayed
 * @param l1Hits requests answered by L1
 * @param l2Hits requests answered by L2
 * @param l1Writes entries written into L1: puts of loaded values plus promotions
 * @param promoterBytes the L1 promotion strategy's footprint at the end of the run
 * @param strategy the L1 strategy's own description at the end of the run
 * @param nanos how long the replay took
 */
public record Outcome(
    long requests, long l1Hits, long l2Hits, long l1Writes, long promoterBytes, String strategy,
    long nanos) {

  /**
   * Returns L1 hits as a percentage of the requests.
   *
   * @return the percentage
   */
  public double l1HitPercent() {
    return percent(l1Hits, requests);
  }

  /**
   * Returns L2 hits as a percentage of the requests.
   *
   * @return the percentage
   */
  public double l2HitPercent() {
    return percent(l2Hits, requests);
  }

  static double percent(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }
}
