package dev.smtptestkit.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Spring's context cache: classes with the same Spring configuration and the same receiver settings
 * share one context and one receiver (each test still sees only its own mail); other receiver
 * settings make another context; the receiver closes with its context.
 */
@Timeout(120)
class ContextCachingTest {

    /** The receiver each fixture class saw, by class name. */
    static final Map<String, SmtpReceiver> seen = new ConcurrentHashMap<>();

    abstract static class Recording {
        @Autowired
        JavaMailSender mailSender;

        @Test
        void sendsAndSeesOnlyItsOwnMail(SmtpReceiver receiver, Mailbox mailbox) {
            seen.put(getClass().getSimpleName(), receiver);
            assertThat(mailbox.emails()).isEmpty();
            MailApp.send(mailSender, "ada@example.com", getClass().getSimpleName());
            assertThat(mailbox).singleEmail().hasSubject(getClass().getSimpleName());
        }
    }

    @Tag("fixture")
    @SpringBootTest(classes = MailApp.class)
    @SmtpServer(maxRecipients = 7)
    static class FirstCase extends Recording {
    }

    // strict only changes what the extension checks per test, not the receiver: the same context.
    @Tag("fixture")
    @SpringBootTest(classes = MailApp.class)
    @SmtpServer(maxRecipients = 7, strict = true)
    static class SecondCase extends Recording {
    }

    @Tag("fixture")
    @SpringBootTest(classes = MailApp.class)
    @SmtpServer(maxRecipients = 8)
    static class OtherSettingsCase extends Recording {
    }

    @Tag("fixture")
    @SpringBootTest(classes = MailApp.class)
    @SmtpServer(maxRecipients = 9)
    @DirtiesContext
    static class DirtiesContextCase extends Recording {
    }

    @Tag("fixture")
    @SpringBootTest(classes = MailApp.class)
    @SmtpServer(idleTimeout = "soon")
    @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
    static class BadSettingsCase extends Recording {
    }

    @BeforeEach
    void forget() {
        seen.clear();
    }

    @Test
    void classesWithTheSameSettingsShareOneContextAndOneReceiver() {
        EngineExecutionResults results = run(FirstCase.class, SecondCase.class, OtherSettingsCase.class);

        assertThat(results.testEvents().failed().count()).isZero();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(seen.get("FirstCase")).isSameAs(seen.get("SecondCase"));
        assertThat(seen.get("OtherSettingsCase")).isNotSameAs(seen.get("FirstCase"));
        assertThat(seen.get("FirstCase").toString()).doesNotContain("closed"); // still cached
    }

    @Test
    void theReceiverClosesWithItsContext() {
        EngineExecutionResults results = run(DirtiesContextCase.class);

        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(seen.get("DirtiesContextCase").toString()).isEqualTo("SmtpReceiver{closed}");
    }

    @Test
    void aBadAttributeFailsTheContextWithTheExtensionsMessage() {
        EngineExecutionResults results = run(BadSettingsCase.class);

        Throwable failure = results.allEvents().failed().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable())
                .flatMap(java.util.Optional::stream).findFirst().orElseThrow();
        Throwable cause = failure; // Spring's "Failed to load ApplicationContext", caused by ours
        while (cause != null && !(cause instanceof org.junit.jupiter.api.extension.ExtensionConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class BadSettingsCase: idleTimeout 'soon' is not a duration: write "
                        + "milliseconds (\"5000\"), a number with a unit (\"500ms\", \"5s\", \"1m\", \"2h\") or "
                        + "ISO-8601 (\"PT5S\").");
    }

    private static EngineExecutionResults run(Class<?>... classes) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(List.of(classes).stream().map(c -> selectClass(c)).toArray(
                        org.junit.platform.engine.DiscoverySelector[]::new))
                .execute();
    }
}
