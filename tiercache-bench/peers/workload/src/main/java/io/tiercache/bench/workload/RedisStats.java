package io.tiercache.bench.workload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Reads the Redis server's count of commands processed, over a socket of its own, so that the
 * harness can report how many Redis commands each operation of a contender cost (a measure of how
 * often it went past its in-process tier) whatever the library.
 */
final class RedisStats {

  private RedisStats() {}

  /** Returns {@code total_commands_processed} from {@code INFO stats}. */
  static long commandsProcessed(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write("INFO stats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String header = readLine(in);
      if (!header.startsWith("$")) {
        throw new IllegalStateException("unexpected answer to INFO: " + header);
      }
      int length = Integer.parseInt(header.substring(1));
      byte[] body = in.readNBytes(length);
      for (String line : new String(body, StandardCharsets.UTF_8).split("\r\n")) {
        if (line.startsWith("total_commands_processed:")) {
          return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
      throw new IllegalStateException("INFO stats has no total_commands_processed");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read INFO stats from " + host + ":" + port, e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
