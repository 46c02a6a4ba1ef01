package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer.Scope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Misuse fails with a message that says what was wrong and how to fix it; the texts are pinned here. */
@Timeout(60)
class MisuseTest {

    @Tag("fixture")
    @SmtpServer
    static class PerTestInStaticBeforeAllCase {
        @BeforeAll
        static void setUp(Mailbox mailbox) {
            throw new AssertionError("not reached");
        }

        @Test
        void test() {
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void perTestReceiverInStaticBeforeAll(TestInstance.Lifecycle lifecycle) {
        Throwable failure = Fixtures.singleContainerFailure(Fixtures.run(PerTestInStaticBeforeAllCase.class, lifecycle));

        assertThat(failure).isInstanceOf(ParameterResolutionException.class).hasMessage(
                "Mailbox cannot be injected into static method setUp(Mailbox): @SmtpServer starts one receiver per "
                + "test. Move the parameter to a @BeforeEach or @Test method, or use a class-wide receiver "
                + "(@SmtpServer(scope = PER_CLASS)).");
    }

    @Tag("fixture")
    @SmtpServer
    static class ConstructorOfSharedInstanceCase {
        ConstructorOfSharedInstanceCase(SmtpReceiver receiver) {
        }

        @Test
        void test() {
        }
    }

    @Test
    void perTestReceiverInTheConstructorOfAPerClassInstance() {
        Throwable failure = Fixtures.singleContainerFailure(
                Fixtures.run(ConstructorOfSharedInstanceCase.class, TestInstance.Lifecycle.PER_CLASS));

        assertThat(failure).isInstanceOf(ParameterResolutionException.class).hasMessage(
                "SmtpReceiver cannot be injected into constructor ConstructorOfSharedInstanceCase(SmtpReceiver): "
                + "@SmtpServer starts one receiver per test, but this test instance serves the whole class "
                + "(@TestInstance(PER_CLASS)). Move the parameter to a @BeforeEach or @Test method, or use a "
                + "class-wide receiver (@SmtpServer(scope = PER_CLASS)).");
    }

    @Tag("fixture")
    @SmtpServer
    static class UnsupportedTypeCase {
        @Test
        void test(ReceivedEmail email) {
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void unsupportedParameterType(TestInstance.Lifecycle lifecycle) {
        Throwable failure = Fixtures.singleTestFailure(Fixtures.run(UnsupportedTypeCase.class, lifecycle));

        // Not claimed (so a user's own resolver for it would not clash): JUnit's own text.
        assertThat(failure).isInstanceOf(ParameterResolutionException.class).hasMessageStartingWith(
                "No ParameterResolver registered for parameter [dev.smtptestkit.ReceivedEmail ");
    }

    @Tag("fixture")
    @SmtpServer(clearBetweenTests = false)
    static class KeepWithoutClassScopeCase {
        @Test
        void test() {
        }
    }

    @Tag("fixture")
    @SmtpServer(idleTimeout = "soon")
    static class BadIdleTimeoutCase {
        @Test
        void test() {
        }
    }

    @Tag("fixture")
    @SmtpServer(maxRecipients = -3)
    static class BadLimitCase {
        @Test
        void test() {
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void conflictingOrInvalidAttributes(TestInstance.Lifecycle lifecycle) {
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(KeepWithoutClassScopeCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class KeepWithoutClassScopeCase: clearBetweenTests = false needs scope = "
                        + "PER_CLASS, because only a class-wide receiver is shared between tests. Add scope = PER_CLASS, "
                        + "or drop clearBetweenTests.");
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(BadIdleTimeoutCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class BadIdleTimeoutCase: idleTimeout 'soon' is not a duration: write "
                        + "milliseconds (\"5000\"), a number with a unit (\"500ms\", \"5s\", \"1m\", \"2h\") or "
                        + "ISO-8601 (\"PT5S\").");
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(BadLimitCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class BadLimitCase: maxRecipients must be at least 1, was -3");
    }

    @Tag("fixture")
    static class ClassScopeOnMethodCase {
        @Test
        @SmtpServer(scope = Scope.PER_CLASS)
        void test(Mailbox mailbox) {
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void classWideScopeOnAMethod(TestInstance.Lifecycle lifecycle) {
        assertThat(Fixtures.singleTestFailure(Fixtures.run(ClassScopeOnMethodCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on method test(Mailbox): scope = PER_CLASS cannot be declared on a method. "
                        + "Put @SmtpServer(scope = PER_CLASS) on the class, or drop scope from the method.");
    }

    @Tag("fixture")
    @SmtpServer
    static class AnnotationAndFieldCase {
        @RegisterExtension
        static SmtpServerExtension smtp = SmtpServerExtension.builder().build();

        @Test
        void test() {
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void annotationAndRegisteredFieldTogether(TestInstance.Lifecycle lifecycle) {
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(AnnotationAndFieldCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Class AnnotationAndFieldCase uses both @SmtpServer and a @RegisterExtension "
                        + "SmtpServerExtension field, and each would start its own receiver. Keep one: the annotation, "
                        + "or the field (configured through SmtpServerExtension.builder()).");
    }

    @Tag("fixture")
    static class ClassWideInInstanceFieldCase {
        @RegisterExtension
        SmtpServerExtension smtp = SmtpServerExtension.builder().build();

        @Test
        void test(Mailbox mailbox) {
            assertThat(mailbox).isSameAs(smtp.mailbox());
        }
    }

    @Test
    void classWideProgrammaticReceiverInAnInstanceFieldOfAPerMethodInstance() {
        assertThat(Fixtures.singleTestFailure(
                Fixtures.run(ClassWideInInstanceFieldCase.class, TestInstance.Lifecycle.PER_METHOD)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("SmtpServerExtension with scope PER_CLASS in class ClassWideInInstanceFieldCase was "
                        + "registered after the class started, so it has no class-wide receiver. Make the "
                        + "@RegisterExtension field static, or build it with scope(PER_TEST).");
    }

    @Test
    void anInstanceFieldOfAPerClassInstanceIsRegisteredInTime() {
        Fixtures.assertPassed(Fixtures.run(ClassWideInInstanceFieldCase.class, TestInstance.Lifecycle.PER_CLASS), 1);
    }

    @Test
    void builderRejectsConflictingOrInvalidSettings() {
        assertThat(catchThrowable(() -> SmtpServerExtension.builder().scope(Scope.PER_TEST).clearBetweenTests(false)
                .build()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("SmtpServerExtension.builder(): clearBetweenTests = false needs scope = PER_CLASS, because "
                        + "only a class-wide receiver is shared between tests. Add scope = PER_CLASS, or drop "
                        + "clearBetweenTests.");
        assertThat(catchThrowable(() -> SmtpServerExtension.builder().receiver(r -> r.maxRecipients(0)).build()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("SmtpServerExtension.builder(): maxRecipients must be at least 1, was 0");
    }

    @Test
    void extensionAccessorsWithoutARunningClassWideReceiver() {
        SmtpServerExtension notRegistered = SmtpServerExtension.builder().build();

        assertThat(catchThrowable(notRegistered::port))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SmtpServerExtension has no class-wide receiver running: port(), receiver() and mailbox() "
                        + "work while a class that registers it in a static @RegisterExtension field with scope PER_CLASS "
                        + "runs. With scope PER_TEST, take a SmtpReceiver or Mailbox parameter instead.");
    }

    @Tag("fixture")
    static class NoExtensionCase {
        @Test
        void test(Mailbox mailbox) {
        }
    }

    @Test
    void aMailboxParameterWithoutTheExtensionIsReportedByJUnit() {
        Throwable failure = Fixtures.singleTestFailure(Fixtures.run(NoExtensionCase.class, TestInstance.Lifecycle.PER_METHOD));

        // JUnit answers before our code runs; Mailbox's Javadoc and the README point to @SmtpServer.
        assertThat(failure).isInstanceOf(ParameterResolutionException.class).hasMessage(
                "No ParameterResolver registered for parameter [dev.smtptestkit.Mailbox arg0] in method "
                + "[void dev.smtptestkit.junit.MisuseTest$NoExtensionCase.test(dev.smtptestkit.Mailbox)].");
    }
}
