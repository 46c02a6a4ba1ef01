package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer.Scope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Injection in {@code @Nested} classes, parameterized, repeated and template tests. */
@Timeout(60)
class NestedAndTemplatesTest {

    static final Map<String, List<SmtpReceiver>> SEEN = new ConcurrentHashMap<>();

    static void saw(String where, SmtpReceiver receiver) {
        SEEN.computeIfAbsent(where, k -> new CopyOnWriteArrayList<>()).add(receiver);
    }

    @Tag("fixture")
    @SmtpServer(scope = Scope.PER_CLASS)
    static class OuterClassWideCase {
        @BeforeAll
        static void outer(SmtpReceiver receiver) {
            saw("outer", receiver);
        }

        @Test
        void outerTest(SmtpReceiver receiver) {
            saw("outer", receiver);
        }

        @Nested
        class InnerWithoutItsOwn {
            @Test
            void seesTheOuterReceiver(SmtpReceiver receiver, Mailbox mailbox) {
                saw("inner", receiver);
                assertThat(mailbox.emails()).isEmpty(); // the outer setting clears it before each test
                TestMail.send(receiver, "x@example.com", "inner");
                assertThat(mailbox.singleEmail().subject()).isEqualTo("inner");
            }

            @Nested
            class Deeper {
                @Test
                void seesTheOuterReceiverToo(SmtpReceiver receiver, Mailbox mailbox) {
                    saw("deeper", receiver);
                    assertThat(mailbox.emails()).isEmpty();
                }
            }
        }

        @Nested
        @SmtpServer(maxRecipients = 1)
        class InnerWithItsOwn {
            @Test
            void getsItsOwnPerTestReceiver(SmtpReceiver receiver) {
                saw("own", receiver);
                List<String> replies = TestMail.converse(receiver, "EHLO c", "MAIL FROM:<a@x.example>",
                        "RCPT TO:<b@x.example>", "RCPT TO:<c@x.example>", "QUIT");
                assertThat(replies.get(4)).startsWith("452");
            }

            @Test
            void andAnotherOne(SmtpReceiver receiver) {
                saw("own", receiver);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void nestedClassesSeeTheOuterReceiverUnlessTheyDeclareTheirOwn(TestInstance.Lifecycle lifecycle) {
        SEEN.clear();

        Fixtures.assertPassed(Fixtures.run(OuterClassWideCase.class, lifecycle), 5);

        SmtpReceiver outer = SEEN.get("outer").get(0);
        assertThat(SEEN.get("outer")).containsOnly(outer);
        assertThat(SEEN.get("inner")).containsOnly(outer);
        assertThat(SEEN.get("deeper")).containsOnly(outer);
        assertThat(SEEN.get("own")).hasSize(2).doesNotHaveDuplicates().doesNotContain(outer);
        assertThat(outer.isRunning()).isFalse();
    }

    @Tag("fixture")
    @SmtpServer
    static class PerTestOuterCase {
        @Nested
        class Inner {
            @Test
            void first(SmtpReceiver receiver) {
                saw("inner", receiver);
            }

            @Test
            void second(SmtpReceiver receiver) {
                saw("inner", receiver);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void nestedTestsOfAPerTestOuterGetAFreshReceiverEach(TestInstance.Lifecycle lifecycle) {
        SEEN.clear();

        Fixtures.assertPassed(Fixtures.run(PerTestOuterCase.class, lifecycle), 2);

        assertThat(SEEN.get("inner")).hasSize(2).doesNotHaveDuplicates();
    }

    @Tag("fixture")
    @SmtpServer
    static class TemplatesCase {
        @ParameterizedTest
        @ValueSource(strings = {"alpha", "beta", "gamma"})
        void parameterized(String subject, SmtpReceiver receiver, Mailbox mailbox) {
            saw("parameterized", receiver);
            TestMail.send(receiver, "p@example.com", subject);
            assertThat(mailbox.singleEmail().subject()).isEqualTo(subject);
        }

        @RepeatedTest(3)
        void repeated(Mailbox mailbox, SmtpReceiver receiver) {
            saw("repeated", receiver);
            assertThat(mailbox.emails()).isEmpty();
            TestMail.send(receiver, "r@example.com", "again");
        }

        @TestTemplate
        @ExtendWith(TwoInvocations.class)
        void template(SmtpReceiver receiver) {
            saw("template", receiver);
        }
    }

    /** Two invocations of a plain {@code @TestTemplate}. */
    static class TwoInvocations implements TestTemplateInvocationContextProvider {
        @Override
        public boolean supportsTestTemplate(ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
            return Stream.of(new TestTemplateInvocationContext() { }, new TestTemplateInvocationContext() { });
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void everyInvocationOfATemplateGetsItsOwnReceiver(TestInstance.Lifecycle lifecycle) {
        SEEN.clear();

        Fixtures.assertPassed(Fixtures.run(TemplatesCase.class, lifecycle), 8);

        assertThat(SEEN.get("parameterized")).hasSize(3).doesNotHaveDuplicates();
        assertThat(SEEN.get("repeated")).hasSize(3).doesNotHaveDuplicates();
        assertThat(SEEN.get("template")).hasSize(2).doesNotHaveDuplicates();
        assertThat(SEEN.values().stream().flatMap(List::stream)).noneMatch(SmtpReceiver::isRunning);
    }
}
