package dev.smtptestkit.junit;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer.Scope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Receiver lifecycle and injection points of {@link SmtpServer}, per test and per class. */
@Timeout(60)
class SmtpServerLifecycleTest {

    /** Receivers each fixture test saw, by test name, in the order: @BeforeEach, @Test, @AfterEach. */
    static final Map<String, List<SmtpReceiver>> SEEN = new ConcurrentHashMap<>();
    /** Whether the receiver was still running in @AfterEach (closing belongs to the store, after it). */
    static final Map<String, Boolean> RUNNING_IN_AFTER_EACH = new ConcurrentHashMap<>();

    static void saw(TestInfo info, SmtpReceiver receiver) {
        SEEN.computeIfAbsent(info.getDisplayName(), k -> new ArrayList<>()).add(receiver);
    }

    @Tag("fixture")
    @SmtpServer
    static class PerTestCase {
        @BeforeEach
        void before(SmtpReceiver receiver, Mailbox mailbox, TestInfo info) {
            assertThat(mailbox).isSameAs(receiver.mailbox());
            saw(info, receiver);
        }

        @Test
        void first(SmtpReceiver receiver, Mailbox mailbox, TestInfo info) {
            saw(info, receiver);
            assertThat(mailbox.emails()).isEmpty();
            TestMail.send(receiver, "one@example.com", "first");
            assertThat(mailbox.singleEmail().subject()).isEqualTo("first");
        }

        @Test
        void second(SmtpReceiver receiver, Mailbox mailbox, TestInfo info) {
            saw(info, receiver);
            assertThat(mailbox.emails()).isEmpty();
            TestMail.send(receiver, "two@example.com", "second");
            assertThat(mailbox.singleEmail().subject()).isEqualTo("second");
        }

        @Test
        void failing(SmtpReceiver receiver, TestInfo info) {
            saw(info, receiver);
            throw new AssertionError("boom");
        }

        @Test
        @Timeout(value = 300, unit = MILLISECONDS)
        void timingOut(SmtpReceiver receiver, Mailbox mailbox, TestInfo info) {
            saw(info, receiver);
            mailbox.awaitEmails(1, Duration.ofSeconds(30));
        }

        @AfterEach
        void after(SmtpReceiver receiver, TestInfo info) {
            saw(info, receiver);
            RUNNING_IN_AFTER_EACH.put(info.getDisplayName(), receiver.isRunning());
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void everyTestGetsItsOwnReceiverClosedAfterwardsEvenWhenItFails(TestInstance.Lifecycle lifecycle) {
        SEEN.clear();
        RUNNING_IN_AFTER_EACH.clear();

        EngineExecutionResults results = Fixtures.run(PerTestCase.class, lifecycle);

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(2).failed(2));
        assertThat(SEEN).containsOnlyKeys("first(SmtpReceiver, Mailbox, TestInfo)",
                "second(SmtpReceiver, Mailbox, TestInfo)", "failing(SmtpReceiver, TestInfo)",
                "timingOut(SmtpReceiver, Mailbox, TestInfo)");
        SEEN.values().forEach(perTest -> assertThat(perTest).hasSize(3).containsOnly(perTest.get(0)));
        assertThat(SEEN.values().stream().map(l -> l.get(0)).distinct()).hasSize(4);
        assertThat(SEEN.values().stream().map(l -> l.get(0).isRunning())).containsOnly(false);
        assertThat(RUNNING_IN_AFTER_EACH.values()).hasSize(4).containsOnly(true);
    }

    @Test
    void receiversAreClosedEvenWithTheStoresAutoClosingSwitchedOff() {
        SEEN.clear();

        // Closing then rests on Store.CloseableResource, which JUnit 5.14 and 6.x still honour.
        EngineExecutionResults results = Fixtures.run(PerTestCase.class, TestInstance.Lifecycle.PER_METHOD,
                Map.of("junit.jupiter.extensions.store.close.autocloseable.enabled", "false"));

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(2).failed(2));
        assertThat(SEEN.values()).hasSize(4).allSatisfy(perTest -> assertThat(perTest.get(0).isRunning()).isFalse());
    }

    static final List<SmtpReceiver> CONSTRUCTED = new ArrayList<>();

    @Tag("fixture")
    @SmtpServer
    static class ConstructorCase {
        private final SmtpReceiver fromConstructor;
        private final Mailbox mailbox;

        ConstructorCase(SmtpReceiver receiver, Mailbox mailbox) {
            this.fromConstructor = receiver;
            this.mailbox = mailbox;
            CONSTRUCTED.add(receiver);
        }

        @Test
        void constructorGetsThisTestsReceiver(SmtpReceiver receiver) {
            assertThat(fromConstructor).isSameAs(receiver);
            assertThat(mailbox).isSameAs(receiver.mailbox());
            TestMail.send(receiver, "c@example.com", "constructed");
            assertThat(mailbox.singleEmail().subject()).isEqualTo("constructed");
        }

        @Test
        void anotherTestAnotherInstanceAnotherReceiver(SmtpReceiver receiver) {
            assertThat(fromConstructor).isSameAs(receiver);
            assertThat(mailbox.emails()).isEmpty();
        }
    }

    @Test
    void constructorsOfPerMethodInstancesGetThePerTestReceiver() {
        CONSTRUCTED.clear();

        Fixtures.assertPassed(Fixtures.run(ConstructorCase.class, TestInstance.Lifecycle.PER_METHOD), 2);

        assertThat(CONSTRUCTED).hasSize(2).doesNotHaveDuplicates();
    }

    static final List<SmtpReceiver> CLASS_WIDE = new ArrayList<>();

    @Tag("fixture")
    @SmtpServer(scope = Scope.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClassWideCase {
        @BeforeAll
        static void setUp(SmtpReceiver receiver) {
            CLASS_WIDE.add(receiver);
        }

        @Test
        @Order(1)
        void first(SmtpReceiver receiver, Mailbox mailbox) {
            CLASS_WIDE.add(receiver);
            TestMail.send(receiver, "a@example.com", "one");
            assertThat(mailbox.emails()).hasSize(1);
        }

        @Test
        @Order(2)
        void secondStartsWithAnEmptyMailbox(SmtpReceiver receiver, Mailbox mailbox) {
            CLASS_WIDE.add(receiver);
            assertThat(mailbox.emails()).isEmpty();
            assertThat(mailbox.transcripts()).isEmpty();
        }

        @AfterAll
        static void tearDown(Mailbox mailbox, SmtpReceiver receiver) {
            assertThat(mailbox).isSameAs(receiver.mailbox());
            assertThat(receiver.isRunning()).isTrue();
            CLASS_WIDE.add(receiver);
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void classWideReceiverServesAllTestsAndLifecycleMethodsAndIsClearedBetweenTests(TestInstance.Lifecycle lifecycle) {
        CLASS_WIDE.clear();

        Fixtures.assertPassed(Fixtures.run(ClassWideCase.class, lifecycle), 2);

        assertThat(CLASS_WIDE).hasSize(4).containsOnly(CLASS_WIDE.get(0));
        assertThat(CLASS_WIDE.get(0).isRunning()).isFalse();
    }

    @Tag("fixture")
    @SmtpServer(scope = Scope.PER_CLASS)
    static class ClassWideConstructorCase {
        private final SmtpReceiver fromConstructor;

        ClassWideConstructorCase(SmtpReceiver receiver) {
            this.fromConstructor = receiver;
            CLASS_WIDE.add(receiver);
        }

        @BeforeAll
        static void setUp(SmtpReceiver receiver) {
            CLASS_WIDE.add(receiver);
        }

        @Test
        void constructorAndTestShareTheClassWideReceiver(SmtpReceiver receiver) {
            CLASS_WIDE.add(receiver);
            assertThat(fromConstructor).isSameAs(receiver);
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void constructorsGetTheClassWideReceiverInEitherInstanceLifecycle(TestInstance.Lifecycle lifecycle) {
        CLASS_WIDE.clear();

        // With @TestInstance(PER_CLASS) the instance is created before beforeAll callbacks run.
        Fixtures.assertPassed(Fixtures.run(ClassWideConstructorCase.class, lifecycle), 1);

        assertThat(CLASS_WIDE).hasSize(3).containsOnly(CLASS_WIDE.get(0));
        assertThat(CLASS_WIDE.get(0).isRunning()).isFalse();
    }

    @Tag("fixture")
    @SmtpServer(scope = Scope.PER_CLASS, clearBetweenTests = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class KeptCase {
        @Test
        @Order(1)
        void first(SmtpReceiver receiver) {
            TestMail.send(receiver, "a@example.com", "one");
        }

        @Test
        @Order(2)
        void secondSeesTheFirstTestsMail(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "b@example.com", "two");
            assertThat(mailbox.emails()).extracting(e -> e.subject()).containsExactly("one", "two");
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void classWideMailboxCanBeKeptBetweenTests(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(KeptCase.class, lifecycle), 2);
    }

    @Tag("fixture")
    @SmtpServer(maxRecipients = 2, maxMessageSize = 2000, idleTimeout = "1500ms")
    static class ConfiguredCase {
        @Test
        void attributesReachTheReceiver(SmtpReceiver receiver, Mailbox mailbox) {
            List<String> replies = TestMail.converse(receiver, "EHLO client.example", "MAIL FROM:<a@example.com>",
                    "RCPT TO:<b@example.com>", "RCPT TO:<c@example.com>", "RCPT TO:<d@example.com>", "QUIT");
            // RFC 1870: SIZE advertises the limit in the EHLO reply; 452 for one recipient too many.
            assertThat(mailbox.transcripts().get(0).lines()).anySatisfy(l -> assertThat(l.text()).contains("SIZE 2000"));
            assertThat(replies.get(5)).startsWith("452");
        }

        @Test
        @SmtpServer(maxRecipients = 1)
        void theMethodsAnnotationWins(SmtpReceiver receiver) {
            List<String> replies = TestMail.converse(receiver, "EHLO client.example", "MAIL FROM:<a@example.com>",
                    "RCPT TO:<b@example.com>", "RCPT TO:<c@example.com>", "QUIT");
            assertThat(replies.get(4)).startsWith("452");
        }

        @Test
        void idleTimeoutEndsSilentSessions(SmtpReceiver receiver) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
                socket.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThat(in.readLine()).startsWith("220");
                long silentFrom = System.nanoTime();
                // The receiver's default is 60 s; the attribute's 1.5 s ends the session with 421 4.4.2.
                assertThat(in.readLine()).startsWith("421");
                assertThat(Duration.ofNanos(System.nanoTime() - silentFrom))
                        .isBetween(Duration.ofMillis(1000), Duration.ofMillis(9000));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void annotationAttributesConfigureTheReceiver(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(ConfiguredCase.class, lifecycle), 3);
    }

    @Tag("fixture")
    static class MethodOnlyCase {
        @Test
        @SmtpServer
        void annotatedMethod(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "m@example.com", "method only");
            assertThat(mailbox.singleEmail().subject()).isEqualTo("method only");
        }

        @Test
        void plainMethod() {
            assertThat(SEEN).isEmpty(); // runs without a receiver and without complaint
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void theAnnotationOnASingleMethod(TestInstance.Lifecycle lifecycle) {
        SEEN.clear();

        Fixtures.assertPassed(Fixtures.run(MethodOnlyCase.class, lifecycle), 2);
    }

    /** A team's own annotation carrying @SmtpServer. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @java.lang.annotation.Inherited
    @SmtpServer(scope = Scope.PER_CLASS)
    @interface ClassWideMail {
    }

    @ClassWideMail
    abstract static class MailTestBase {
    }

    @Tag("fixture")
    static class InheritedMetaAnnotationCase extends MailTestBase {
        @BeforeAll
        static void classWide(SmtpReceiver receiver) {
            CLASS_WIDE.add(receiver);
        }

        @Test
        void inheritsTheMetaAnnotation(SmtpReceiver receiver) {
            CLASS_WIDE.add(receiver);
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void metaAnnotationsAndInheritanceCarryTheConfiguration(TestInstance.Lifecycle lifecycle) {
        CLASS_WIDE.clear();

        Fixtures.assertPassed(Fixtures.run(InheritedMetaAnnotationCase.class, lifecycle), 1);

        assertThat(CLASS_WIDE).hasSize(2).containsOnly(CLASS_WIDE.get(0));
    }
}
