package dev.smtptestkit.assertj;

import org.assertj.core.api.SoftAssertions;

/**
 * AssertJ's {@link SoftAssertions} with the smtp-testkit entry points added: every failure in the
 * block is collected and reported together.
 *
 * <pre>{@code
 * SoftAssertionsProvider.assertSoftly(SmtpSoftAssertions.class, softly -> {
 *     softly.assertThat(mailbox).hasEmailCount(1).hasNoProtocolViolations();
 *     softly.assertThat(mailbox.singleEmail()).hasSubject("Welcome").hasTo("new.user@example.com");
 *     softly.assertThat("plain AssertJ").startsWith("plain");
 * });
 * }</pre>
 *
 * <p>Or create one, assert, and call {@link #assertAll()}; with JUnit 5, AssertJ's
 * {@code SoftAssertionsExtension} injects it as a parameter. See {@link SmtpSoftAssertionsProvider}
 * for how navigation methods behave in soft mode.
 */
public class SmtpSoftAssertions extends SoftAssertions implements SmtpSoftAssertionsProvider {

    /** Creates an empty set of soft assertions; call {@link #assertAll()} at the end. */
    public SmtpSoftAssertions() {
    }
}
