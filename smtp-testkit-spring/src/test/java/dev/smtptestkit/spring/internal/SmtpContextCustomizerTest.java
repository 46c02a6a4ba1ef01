package dev.smtptestkit.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.TlsMode;
import dev.smtptestkit.junit.SmtpServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spring's context cache key: equal customizers for equal receivers, and no password in what Spring logs. */
class SmtpContextCustomizerTest {

    @SmtpServer(tls = TlsMode.STARTTLS, users = "app:s3cret")
    static class A {
    }

    @SmtpServer(tls = TlsMode.STARTTLS, users = "app:s3cret", strict = true, scope = SmtpServer.Scope.PER_CLASS)
    static class SameReceiver {
    }

    @SmtpServer(tls = TlsMode.STARTTLS, users = "app:other")
    static class OtherPassword {
    }

    @SmtpServer
    static class Plain {
    }

    @SmtpServer(hideExtensions = "CHUNKING")
    static class HidesChunking {
    }

    @SmtpServer(script = "faults/greylist.smtpscript")
    static class Scripted {
    }

    private static SmtpContextCustomizer customizerOf(Class<?> testClass) {
        return (SmtpContextCustomizer) new SmtpContextCustomizerFactory().createContextCustomizer(testClass, List.of());
    }

    @Test
    void classesAskingForTheSameReceiverGetEqualCustomizers() {
        assertThat(customizerOf(A.class)).isEqualTo(customizerOf(SameReceiver.class))
                .hasSameHashCodeAs(customizerOf(SameReceiver.class));
    }

    @Test
    void anyReceiverAttributeMakesAnotherContext() {
        assertThat(customizerOf(A.class)).isNotEqualTo(customizerOf(OtherPassword.class))
                .isNotEqualTo(customizerOf(Plain.class));
        // a script or a hidden extension shapes the receiver too: another context, another receiver
        assertThat(customizerOf(Plain.class)).isNotEqualTo(customizerOf(HidesChunking.class))
                .isNotEqualTo(customizerOf(Scripted.class));
    }

    @Test
    void aClassWithoutTheAnnotationGetsNoCustomizer() {
        assertThat(new SmtpContextCustomizerFactory().createContextCustomizer(String.class, List.of())).isNull();
    }

    @Test
    void theDescriptionSpringLogsHoldsNoPassword() {
        assertThat(customizerOf(A.class).toString()).isEqualTo("SmtpContextCustomizer{auth=false, hideExtensions=[], "
                + "idleTimeout='', implicitTlsPort=false, maxMessageSize=0, maxRecipients=0, requireAuth=false, requireTls=false, script='', "
                + "tls=STARTTLS, users=1}");
    }
}
