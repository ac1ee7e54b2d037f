package io.tiercache.tck.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made in the test with the
 * JDK alone (no {@code openssl} or {@code keytool}): an EC P-256 key pair and an X.509 v3
 * certificate that is its own CA ({@code basicConstraints CA:TRUE}) with the subject alternative
 * names {@code IP:127.0.0.1} and {@code DNS:localhost}, valid from an hour ago for two days.
 *
 * <p>It is written as PEM files in a temporary folder, as a Redis server wants them
 * ({@code tls-cert-file}, {@code tls-key-file}, {@code tls-ca-cert-file}), and a client trusts it
 * through {@link #certificatePem()} (a PEM trust file) or {@link #clientContext()}.
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class SelfSignedCertificate {

  private static final String COMMON_NAME = "tiercache test server";

  private final X509Certificate certificate;
  private final Path certificatePem;
  private final Path privateKeyPem;

  private SelfSignedCertificate(
      X509Certificate certificate, Path certificatePem, Path privateKeyPem) {
    this.certificate = certificate;
    this.certificatePem = certificatePem;
    this.privateKeyPem = privateKeyPem;
  }

  /**
   * Generates a key pair and a certificate and writes them to a new temporary folder.
   *
   * @return the certificate
   * @throws IllegalStateException if the JDK cannot generate or sign it
   * @throws UncheckedIOException if the files cannot be written
   */
  public static SelfSignedCertificate create() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      byte[] der = sign(tbsCertificate(pair), pair);
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      certificate.verify(pair.getPublic());
      Path folder = Files.createTempDirectory("tiercache-tls-");
      folder.toFile().deleteOnExit();
      Path cert = folder.resolve("server.crt");
      Path key = folder.resolve("server.key");
      Files.writeString(cert, pem("CERTIFICATE", der));
      Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      cert.toFile().deleteOnExit();
      key.toFile().deleteOnExit();
      return new SelfSignedCertificate(certificate, cert, key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a self-signed certificate: " + e, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the self-signed certificate: " + e, e);
    }
  }

  /**
   * Returns the certificate.
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Returns the PEM file of the certificate: the server's certificate, the CA file of the server,
   * and the trust file of clients.
   *
   * @return the path
   */
  public Path certificatePem() {
    return certificatePem;
  }

  /**
   * Returns the PEM file of the private key (PKCS#8, unencrypted).
   *
   * @return the path
   */
  public Path privateKeyPem() {
    return privateKeyPem;
  }

  /**
   * Returns a TLS context that trusts this certificate and nothing else, for clients.
   *
   * @return the context
   * @throws IllegalStateException if the JDK cannot build it
   */
  public SSLContext clientContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("tiercache-test", certificate);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context trusting the certificate", e);
    }
  }

  @Override
  public String toString() {
    return "SelfSignedCertificate[" + certificate.getSubjectX500Principal() + ", "
        + certificatePem + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // X.509 in DER, just what this certificate needs

  private static byte[] tbsCertificate(KeyPair pair) {
    Instant now = Instant.now();
    byte[] serial = new byte[16];
    new SecureRandom().nextBytes(serial);
    serial[0] &= 0x7F;
    serial[0] |= 0x01;
    byte[] name = sequence(set(sequence(oid(2, 5, 4, 3), utf8(COMMON_NAME))));
    byte[] extensions =
        sequence(
            sequence(oid(2, 5, 29, 19), bool(true), octets(sequence(bool(true)))),
            sequence(
                oid(2, 5, 29, 17),
                octets(
                    sequence(
                        tagged(0x87, new byte[] {127, 0, 0, 1}),
                        tagged(0x82, "localhost".getBytes(StandardCharsets.US_ASCII))))));
    return sequence(
        tagged(0xA0, integer(BigInteger.valueOf(2))),
        integer(new BigInteger(serial)),
        sequence(oid(1, 2, 840, 10045, 4, 3, 2)),
        name,
        sequence(time(now.minus(Duration.ofHours(1))), time(now.plus(Duration.ofDays(2)))),
        name,
        pair.getPublic().getEncoded(),
        tagged(0xA3, extensions));
  }

  private static byte[] sign(byte[] tbs, KeyPair pair) throws GeneralSecurityException {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(tbs);
    byte[] signature = signer.sign();
    byte[] bits = new byte[signature.length + 1];
    System.arraycopy(signature, 0, bits, 1, signature.length);
    return sequence(tbs, sequence(oid(1, 2, 840, 10045, 4, 3, 2)), tagged(0x03, bits));
  }

  private static byte[] sequence(byte[]... parts) {
    return tagged(0x30, concat(parts));
  }

  private static byte[] set(byte[]... parts) {
    return tagged(0x31, concat(parts));
  }

  private static byte[] integer(BigInteger value) {
    return tagged(0x02, value.toByteArray());
  }

  private static byte[] bool(boolean value) {
    return tagged(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
  }

  private static byte[] octets(byte[] content) {
    return tagged(0x04, content);
  }

  private static byte[] utf8(String text) {
    return tagged(0x0C, text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] time(Instant instant) {
    String text =
        DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(instant);
    return tagged(0x17, text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] oid(int... arcs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(40 * arcs[0] + arcs[1]);
    for (int i = 2; i < arcs.length; i++) {
      int arc = arcs[i];
      int groups = 1;
      for (int rest = arc >>> 7; rest != 0; rest >>>= 7) {
        groups++;
      }
      for (int g = groups - 1; g >= 0; g--) {
        int bits = (arc >>> (7 * g)) & 0x7F;
        out.write(g == 0 ? bits : bits | 0x80);
      }
    }
    return tagged(0x06, out.toByteArray());
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = 0;
      for (int rest = length; rest != 0; rest >>>= 8) {
        bytes++;
      }
      out.write(0x80 | bytes);
      for (int b = bytes - 1; b >= 0; b--) {
        out.write((length >>> (8 * b)) & 0xFF);
      }
    }
    write(out, content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      write(out, part);
    }
    return out.toByteArray();
  }

  private static void write(OutputStream out, byte[] bytes) {
    try {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
  }
}
