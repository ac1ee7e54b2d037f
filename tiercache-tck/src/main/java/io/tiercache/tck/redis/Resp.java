package io.tiercache.tck.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A minimal, blocking RESP2 client for the fixtures' own administration (readiness, cluster
 * set-up, Sentinel questions, shutdown), so that they depend on no Redis client library. Not safe
 * for concurrent use.
 */
final class Resp implements Closeable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private Resp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects and authenticates.
   *
   * @param host the host
   * @param port the port
   * @param tls the TLS context, or {@code null} for plain TCP
   * @param user the ACL user, or {@code null} for the default user
   * @param password the password, or {@code null} for none
   * @param timeout how long connecting and each reply may take
   * @return the connection
   * @throws UncheckedIOException if the server cannot be reached
   * @throws RedisReplyException if authentication is refused
   */
  static Resp connect(
      String host,
      int port,
      @Nullable SSLContext tls,
      @Nullable String user,
      @Nullable String password,
      Duration timeout) {
    Socket socket = null;
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      socket.setTcpNoDelay(true);
      if (tls != null) {
        SSLSocket secured =
            (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
        secured.startHandshake();
        socket = secured;
      }
      Resp resp = new Resp(socket);
      if (password != null) {
        if (user != null) {
          resp.call("AUTH", user, password);
        } else {
          resp.call("AUTH", password);
        }
      }
      return resp;
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException(
          "cannot reach the Redis server at " + host + ":" + port + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  /**
   * Sends a command and reads its reply.
   *
   * @param args the command and its arguments
   * @return a {@link String} (simple or bulk string), a {@link Long}, a {@link List} of replies,
   *     or {@code null} (null bulk or array)
   * @throws RedisReplyException if the server answers with an error
   * @throws UncheckedIOException if the connection fails
   */
  @Nullable Object call(String... args) {
    try {
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        frame.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
        frame.write(bytes);
        frame.write('\r');
        frame.write('\n');
      }
      out.write(frame.toByteArray());
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("Redis command " + args[0] + " failed: " + e.getMessage(), e);
    }
  }

  private @Nullable Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new IOException("the server closed the connection");
    }
    String line = line();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new RedisReplyException(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
          throw new IOException("truncated bulk reply");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<@Nullable Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(read());
        }
        return items;
      }
      default:
        throw new IOException("unexpected RESP type '" + (char) type + "'");
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed the connection");
      }
      if (b == '\r') {
        if (in.read() != '\n') {
          throw new IOException("malformed reply line");
        }
        return bytes.toString(StandardCharsets.UTF_8);
      }
      bytes.write(b);
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static void closeQuietly(@Nullable Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Nothing more to release.
      }
    }
  }
}
