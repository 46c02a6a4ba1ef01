package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.internal.tls.CertificateAuthority;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsDetailsTest {

    @Test
    void toStringIsOneLineWithTheCertificateSubjectOnly() {
        TlsDetails plain = new TlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(), Optional.empty());
        TlsDetails full = new TlsDetails("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", Optional.of("localhost"),
                Optional.of(CertificateAuthority.shared().clientIdentity().certificate()));

        assertThat(plain).hasToString("TLSv1.3 TLS_AES_128_GCM_SHA256");
        assertThat(full).hasToString("TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, SNI localhost, "
                + "client certificate CN=smtp-testkit client,O=smtp-testkit");
    }

    @Test
    void refusesNullComponents() {
        assertThat(catchThrowable(() -> new TlsDetails("TLSv1.3", "x", null, Optional.empty())))
                .isInstanceOf(NullPointerException.class).hasMessage("sniHostName");
    }
}
