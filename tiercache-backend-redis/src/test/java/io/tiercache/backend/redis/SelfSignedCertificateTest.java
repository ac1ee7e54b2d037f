package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.tck.redis.SelfSignedCertificate;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TLS fixture's certificate, made with the JDK alone, is what a strict client accepts. */
class SelfSignedCertificateTest {

  @Test
  void isAValidSelfSignedCaForTheLoopbackAddressWrittenAsPem() throws Exception {
    SelfSignedCertificate made = SelfSignedCertificate.create();
    X509Certificate certificate = made.certificate();
    certificate.checkValidity();
    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getBasicConstraints()).as("CA:TRUE").isGreaterThanOrEqualTo(0);
    assertThat(certificate.getSubjectAlternativeNames())
        .contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
    assertThat(Files.readString(made.certificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readString(made.privateKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(made.clientContext().getProtocol()).isEqualTo("TLS");
  }
}
