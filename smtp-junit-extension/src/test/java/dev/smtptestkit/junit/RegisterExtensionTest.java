package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer.Scope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

/** {@code @RegisterExtension} with {@link SmtpServerExtension#builder()}. */
@Timeout(60)
class RegisterExtensionTest {

    static final Map<String, List<SmtpReceiver>> SEEN = new ConcurrentHashMap<>();
    static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();

    static void saw(String where, SmtpReceiver receiver) {
        SEEN.computeIfAbsent(where, k -> new CopyOnWriteArrayList<>()).add(receiver);
    }

    @Tag("fixture")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StaticFieldCase {
        @RegisterExtension
        static SmtpServerExtension smtp = SmtpServerExtension.builder()
                .receiver(r -> r.maxRecipients(1))
                .build();

        @BeforeAll
        static void portIsKnownBeforeAnyTest() {
            // What Spring's @DynamicPropertySource needs: the port, from a static context, before the tests.
            PORTS.put("beforeAll", smtp.port());
            saw("static", smtp.receiver());
        }

        @Test
        @Order(1)
        void theExtensionAndTheParametersShareOneReceiver(SmtpReceiver receiver, Mailbox mailbox) {
            saw("static", receiver);
            assertThat(smtp.receiver()).isSameAs(receiver);
            assertThat(smtp.mailbox()).isSameAs(mailbox);
            List<String> replies = TestMail.converse(receiver, "EHLO c", "MAIL FROM:<a@x.example>",
                    "RCPT TO:<b@x.example>", "RCPT TO:<c@x.example>", "QUIT");
            assertThat(replies.get(4)).startsWith("452"); // the builder's receiver setting applies
            TestMail.send(receiver, "b@x.example", "kept?");
        }

        @Test
        @Order(2)
        void theMailboxIsClearedBetweenTests(Mailbox mailbox) {
            saw("static", smtp.receiver());
            assertThat(mailbox.emails()).isEmpty();
        }

        @Nested
        class Inner {
            @Test
            void seesTheOuterReceiver(SmtpReceiver receiver) {
                saw("static", receiver);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void aStaticFieldStartsOneClassWideReceiverInBeforeAll(TestInstance.Lifecycle lifecycle) {
        SEEN.clear();
        PORTS.clear();

        Fixtures.assertPassed(Fixtures.run(StaticFieldCase.class, lifecycle), 3);

        List<SmtpReceiver> seen = SEEN.get("static");
        assertThat(seen).hasSize(4).containsOnly(seen.get(0));
        assertThat(PORTS.get("beforeAll")).isEqualTo(seen.get(0).port());
        assertThat(seen.get(0).isRunning()).isFalse();
        assertThat(catchThrowable(StaticFieldCase.smtp::port)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("SmtpServerExtension has no class-wide receiver running");
    }

    @Tag("fixture")
    static class PerTestFieldCase {
        @RegisterExtension
        static SmtpServerExtension smtp = SmtpServerExtension.builder().scope(Scope.PER_TEST).build();

        @Test
        void first(SmtpReceiver receiver, Mailbox mailbox) {
            saw("perTest", receiver);
            assertThat(mailbox).isSameAs(receiver.mailbox());
            assertThat(catchThrowable(smtp::port)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void second(SmtpReceiver receiver) {
            saw("perTest", receiver);
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void perTestScopeGivesEveryTestItsOwnReceiverThroughParameters(TestInstance.Lifecycle lifecycle) {
        SEEN.clear();

        Fixtures.assertPassed(Fixtures.run(PerTestFieldCase.class, lifecycle), 2);

        assertThat(SEEN.get("perTest")).hasSize(2).doesNotHaveDuplicates().noneMatch(SmtpReceiver::isRunning);
    }

    @Tag("fixture")
    static class InstanceFieldCase {
        @RegisterExtension
        SmtpServerExtension smtp = SmtpServerExtension.builder().scope(Scope.PER_TEST).build();

        @Test
        void first(SmtpReceiver receiver) {
            saw("instance", receiver);
        }

        @Test
        void second(SmtpReceiver receiver) {
            saw("instance", receiver);
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void anInstanceFieldWithPerTestScopeWorksInBothLifecycles(TestInstance.Lifecycle lifecycle) {
        SEEN.clear();

        Fixtures.assertPassed(Fixtures.run(InstanceFieldCase.class, lifecycle), 2);

        assertThat(SEEN.get("instance")).hasSize(2).doesNotHaveDuplicates();
    }

    @Tag("fixture")
    static class StrictFieldCase {
        @RegisterExtension
        static SmtpServerExtension smtp = SmtpServerExtension.builder().strict(true).build();

        @Test
        void unknownCommand(SmtpReceiver receiver) {
            TestMail.converse(receiver, "EHLO client.example", "XYZZY", "QUIT");
        }
    }

    @Test
    void strictIsAvailableOnTheBuilder() {
        Throwable failure = Fixtures.singleTestFailure(Fixtures.run(StrictFieldCase.class, TestInstance.Lifecycle.PER_METHOD));

        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessageStartingWith(
                "Strict SMTP check (SmtpServerExtension registered in class StrictFieldCase, strict = true): "
                + "1 protocol problem during this test:\n"
                + "  session s1: unrecognized command (RFC 5321 4.2.4): XYZZY\n"
                + "SMTP dialogue of the receiver on 127.0.0.1:");
    }
}
