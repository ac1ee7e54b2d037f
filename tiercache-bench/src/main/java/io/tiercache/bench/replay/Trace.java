package io.tiercache.bench.replay;

import java.util.Objects;

/**
 * A sequence of requests, one key each, with its keys numbered densely from 0 in order of first
 * appearance. Immutable: the arrays are owned by the trace and never handed out for writing.
 */
public final class Trace {

  private final String name;
  private final int[] requests;
  private final String[] keys;

  /**
   * Creates a trace.
   *
   * @param name a short name, such as the file name without its extensions
   * @param requests the key number of each request, each from 0 to {@code keys.length - 1}
   * @param keys the key of each number, as the stack sees it
   */
  Trace(String name, int[] requests, String[] keys) {
    this.name = Objects.requireNonNull(name, "name must not be null");
    this.requests = requests;
    this.keys = keys;
  }

  /**
   * Returns the trace's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the number of requests.
   *
   * @return the length
   */
  public int length() {
    return requests.length;
  }

  /**
   * Returns the number of distinct keys.
   *
   * @return the count
   */
  public int distinctKeys() {
    return keys.length;
  }

  /**
   * Returns the key number of a request.
   *
   * @param index the request's position, from 0
   * @return its key number
   */
  public int request(int index) {
    return requests[index];
  }

  /**
   * Returns the key of a key number, as the stack sees it: the trace's integer in decimal.
   *
   * @param number the key number
   * @return the key
   */
  public String key(int number) {
    return keys[number];
  }

  @Override
  public String toString() {
    return name + " (" + requests.length + " requests, " + keys.length + " distinct keys)";
  }
}
