/**
 * smtp-testkit core: the embeddable SMTP receiver ({@code dev.smtptestkit}) and its AssertJ
 * assertions ({@code dev.smtptestkit.assertj}). The {@code dev.smtptestkit.internal...} packages are
 * not exported: they carry no compatibility promise.
 *
 * <p>AssertJ is optional: a module that uses the assertions also {@code requires org.assertj.core}
 * (the JUnit extension, {@code dev.smtptestkit.junit}, does so for its users).
 */
module dev.smtptestkit {
    // Jakarta Mail types (MimeMessage, ...) appear in the public API.
    requires transitive jakarta.mail;
    // Only dev.smtptestkit.assertj needs AssertJ; its types appear in that package's API.
    requires static transitive org.assertj.core;

    exports dev.smtptestkit;
    exports dev.smtptestkit.assertj;
}
