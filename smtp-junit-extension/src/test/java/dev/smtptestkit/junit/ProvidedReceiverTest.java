package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpSender;
import dev.smtptestkit.junit.SmtpServer.Scope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link SmtpReceiverProvider} hook: a class-level {@code @SmtpServer} whose receiver a framework
 * already runs gets that receiver (injected, cleared per test, never closed by the extension) instead
 * of a second one. The provider below is registered in {@code META-INF/services} of the tests and
 * answers only for the fixtures of this class.
 */
@Timeout(60)
class ProvidedReceiverTest {

    /** The receiver "the framework" runs; set by each test, read by the provider. */
    static volatile SmtpReceiver frameworkReceiver;
    /** What the fixtures saw: the injected receivers and the mailbox sizes at each test's start. */
    static final List<Object> seen = new CopyOnWriteArrayList<>();

    /** Registered through ServiceLoader; a public no-argument constructor is what it needs. */
    public static final class Provider implements SmtpReceiverProvider {
        @Override
        public Optional<SmtpReceiver> receiverFor(ExtensionContext context) {
            Class<?> testClass = context.getRequiredTestClass();
            boolean ours = testClass.getEnclosingClass() == ProvidedReceiverTest.class
                    && testClass.getSimpleName().startsWith("Provided");
            return ours ? Optional.ofNullable(frameworkReceiver) : Optional.empty();
        }
    }

    @Tag("fixture")
    @SmtpServer
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ProvidedPerTestCase {
        @BeforeEach
        void recordStart(Mailbox mailbox) {
            seen.add(mailbox.emails().size());
        }

        @Test
        @Order(1)
        void first(SmtpReceiver receiver, Mailbox mailbox) {
            seen.add(receiver);
            send(receiver, "first");
            assertThat(mailbox.singleEmail().subject()).isEqualTo("first");
        }

        @Test
        @Order(2)
        void second(SmtpReceiver receiver, Mailbox mailbox) {
            seen.add(receiver);
            send(receiver, "second");
            assertThat(mailbox.singleEmail().subject()).isEqualTo("second");
        }
    }

    @Tag("fixture")
    @SmtpServer(scope = Scope.PER_CLASS, clearBetweenTests = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ProvidedKeepingCase {
        @Test
        @Order(1)
        void first(SmtpReceiver receiver, Mailbox mailbox) {
            seen.add(mailbox.emails().size());
            send(receiver, "first");
        }

        @Test
        @Order(2)
        void second(Mailbox mailbox) {
            seen.add(mailbox.emails().size());
        }
    }

    @Tag("fixture")
    @SmtpServer
    static class OwnReceiverCase {
        @Test
        void test(SmtpReceiver receiver) {
            seen.add(receiver);
        }
    }

    @BeforeEach
    void frameworkStartsItsReceiver() {
        seen.clear();
        frameworkReceiver = SmtpReceiver.builder().start();
        send(frameworkReceiver, "left over from an earlier class");
    }

    @AfterEach
    void frameworkClosesItsReceiver() {
        frameworkReceiver.close();
        frameworkReceiver = null;
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void theProvidedReceiverIsInjectedClearedBeforeEachTestAndNotClosed(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(ProvidedPerTestCase.class, lifecycle), 2);

        assertThat(seen).containsExactly(0, frameworkReceiver, 0, frameworkReceiver);
        assertThat(frameworkReceiver.toString()).doesNotContain("closed");
        assertThat(frameworkReceiver.mailbox().singleEmail().subject()).isEqualTo("second");
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void aClassThatKeepsMailStartsEmptyAndKeepsItsOwnMail(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(ProvidedKeepingCase.class, lifecycle), 2);

        assertThat(seen).containsExactly(0, 1);
    }

    @Test
    void aClassTheProviderDoesNotKnowGetsItsOwnReceiver() {
        Fixtures.assertPassed(Fixtures.run(OwnReceiverCase.class, TestInstance.Lifecycle.PER_METHOD), 1);

        assertThat(seen).hasSize(1).doesNotContain(frameworkReceiver);
        assertThat(seen.get(0).toString()).isEqualTo("SmtpReceiver{closed}");
    }

    private static void send(SmtpReceiver receiver, String subject) {
        String message = "From: a@example.com\r\nTo: b@example.com\r\nSubject: " + subject + "\r\n\r\nbody\r\n";
        SmtpSender.to(receiver).build().send(OutgoingEmail.of("a@example.com", List.of("b@example.com"),
                message.getBytes(StandardCharsets.US_ASCII)));
    }
}
