/**
 * The JUnit Jupiter extension of smtp-testkit: {@code @SmtpServer} and {@code SmtpServerExtension}
 * ({@code dev.smtptestkit.junit}). Reading this module also reads the receiver
 * ({@code dev.smtptestkit}), Jakarta Mail, AssertJ and the JUnit Jupiter API.
 */
module dev.smtptestkit.junit {
    requires transitive dev.smtptestkit;
    // Extension types (ExtensionContext, ...) appear in the public API; the user supplies JUnit.
    requires transitive org.junit.jupiter.api;
    // The extension brings the assertions to its users: dev.smtptestkit.assertj needs AssertJ.
    requires transitive org.assertj.core;

    exports dev.smtptestkit.junit;

    // Frameworks that start the receiver of a class-level @SmtpServer themselves (smtp-testkit-spring).
    uses dev.smtptestkit.junit.SmtpReceiverProvider;
}
